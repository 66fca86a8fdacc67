using Dmarc.Adapters.Accounts;
using Dmarc.Adapters.Audit;
using Dmarc.Adapters.Dns;
using Dmarc.Adapters.Domains;
using Dmarc.Adapters.Email;
using Dmarc.Adapters.Monitoring;
using Dmarc.Adapters.Onboarding;
using Dmarc.Adapters.Reports;
using Dmarc.Adapters.Ingestion;
using Dmarc.Adapters.IpData;
using Dmarc.Adapters.Rollup;
using Dmarc.Adapters.Senders;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Storage;
using Dmarc.Core.Accounts;
using Dmarc.Core.Audit;
using Dmarc.Core.Health;
using Dmarc.Core.Dns;
using Dmarc.Core.Domains;
using Dmarc.Core.Ingestion;
using Dmarc.Core.IpData;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Notifications;
using Dmarc.Core.Onboarding;
using Dmarc.Core.Reports;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters;

public static class DependencyInjection
{
    /// <summary>Registers the storage clients (validated at start), the adapters and the start-up initializer.</summary>
    public static IServiceCollection AddDmarcAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();

        services.AddSingleton(sp => new StorageNames(Storage(sp).ResourcePrefix));
        services.AddSingleton(sp => StorageClients.CreateBlobService(Storage(sp)));
        services.AddSingleton(sp => StorageClients.CreateTableService(Storage(sp)));
        services.AddSingleton(sp => StorageClients.CreateQueueService(Storage(sp)));
        services.AddSingleton<StorageInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageInitializer>());

        services.AddSingleton<IStorageProbe, BlobProbe>();
        services.AddSingleton<IStorageProbe, TableProbe>();
        services.AddSingleton<IStorageProbe, QueueProbe>();

        services.AddDnsProviders(configuration);
        services.AddMonitoringAdapters(configuration);
        services.AddDomainStatusAdapters(configuration);

        services.AddSingleton<IAccountStore, TableAccountStore>();
        services.AddSingleton<IDocumentStore, BlobDocumentStore>();
        services.AddSingleton<Dmarc.Core.Reports.Reprocessing.IArchive, BlobArchive>();
        services.AddSingleton<Dmarc.Core.Reports.Reprocessing.IReprocessTasks, Reprocessing.TableReprocessTasks>();
        services.AddSingleton<Dmarc.Core.Enforcement.IEnforcementPlans, Enforcement.TableEnforcementPlans>();
        services.AddSingleton<Dmarc.Core.Reports.Reprocessing.IReprocessSteps, Reprocessing.QueueReprocessSteps>();
        services.AddSingleton<TableReportStore>();
        services.AddSingleton<IReportStore>(sp => sp.GetRequiredService<TableReportStore>());
        services.AddSingleton<IContributionLookup>(sp => sp.GetRequiredService<TableReportStore>());
        services.AddSingleton<IStorageFaults, StorageFaults>();
        services.AddSingleton<IPoisonMessages, QueuePoisonMessages>();
        services.AddSingleton<Core.Operations.ITimerRuns, Operations.TableTimerRuns>();
        services.AddSingleton<Core.Operations.IPipelineGauges, Operations.StoragePipelineGauges>();
        services.AddOptions<ReportLimits>().Bind(configuration.GetSection(ReportLimits.Section))
            .Validate(l => l.MaxCompressedBytes > 0 && l.MaxDecompressedBytes > 0 && l.MaxDocumentDecompressedBytes > 0 && l.MaxRecords > 0 && l.MaxXmlDepth > 2 && l.MaxRangeDays is > 0 and <= 366, "Reports: every limit must be positive (MaxXmlDepth above 2, MaxRangeDays at most 366).")
            .ValidateOnStart();
        services.AddSingleton<IInboundReceipts, TableInboundReceipts>();
        services.AddOptions<InboundMailOptions>().Bind(configuration.GetSection(InboundMailOptions.Section))
            .Validate(o => o.Secret.Length is 0 or >= InboundMailOptions.MinSecretLength, $"InboundMail:Secret must be at least {InboundMailOptions.MinSecretLength} characters long (or empty to turn the webhook off).")
            .Validate(o => o.MaxBytes is > 0 and <= int.MaxValue, "InboundMail:MaxBytes must be between 1 and 2147483647.")
            .ValidateOnStart();
        services.AddSingleton<IInboundMailbox, Ingestion.BlobInboundMailbox>();
        services.AddOptions<ImapMailboxOptions>().Bind(configuration.GetSection(ImapMailboxOptions.Section))
            .Validate(o => !o.Enabled || Enum.TryParse<MailKit.Security.SecureSocketOptions>(o.Security, ignoreCase: true, out _), "ImapMailbox:Security must be one of None, Auto, SslOnConnect, StartTls, StartTlsWhenAvailable.")
            .Validate(o => !o.Enabled || (o.UserName.Length > 0 && o.Password.Length > 0), "ImapMailbox:UserName and ImapMailbox:Password are required when ImapMailbox:Host is set.")
            .Validate(o => o.Port is > 0 and < 65536 && o.BatchSize is > 0 and <= 1000 && o.MaxPerRun > 0, "ImapMailbox: Port 1-65535, BatchSize 1-1000 and MaxPerRun above 0.")
            .ValidateOnStart();
        services.AddSingleton<IMailboxClient, Ingestion.ImapMailboxClient>();
        services.AddSingleton<IPulledMessages, Ingestion.TablePulledMessages>();
        services.AddSingleton<IRollupRuns, TableRollupRuns>();
        services.AddSingleton<IRollupMarks, TableRollupMarks>();
        services.AddSingleton<IRollupStore, TableRollupStore>();
        services.AddSingleton<IRollupLease, TableRollupLease>();
        services.AddSingleton<Core.Overview.IChartRenderer, Charts.ScottPlotCharts>();
        services.AddSingleton<Core.ExecutiveReports.IExecutiveReportArchive, ExecutiveReports.BlobExecutiveReportArchive>();
        services.AddIpData(configuration);
        services.AddSenderAdapters(configuration);
        return services;
    }

    /// <summary>Reverse DNS, the IP facts cache, classifications and the lookup queue; options checked at start.</summary>
    private static void AddSenderAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SenderLookupOptions>().Bind(configuration.GetSection(SenderLookupOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SenderLookupOptions>, SenderLookupOptionsValidator>();
        services.AddOptions<Dmarc.Core.Enforcement.EnforcementOptions>().Bind(configuration.GetSection(Dmarc.Core.Enforcement.EnforcementOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Dmarc.Core.Enforcement.EnforcementOptions>, Dmarc.Core.Enforcement.EnforcementOptionsValidator>();
        services.AddOptions<Dmarc.Core.Reports.Reprocessing.ReprocessOptions>().Bind(configuration.GetSection(Dmarc.Core.Reports.Reprocessing.ReprocessOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Dmarc.Core.Reports.Reprocessing.ReprocessOptions>, Dmarc.Core.Reports.Reprocessing.ReprocessOptionsValidator>();
        services.AddSingleton<IReverseDns, DnsClientReverseDns>();
        services.AddSingleton<IIpFactsCache, TableIpFactsCache>();
        services.AddSingleton<ISenderClassifications, TableSenderClassifications>();
        services.AddSingleton<ISenderLookupDispatcher, QueueSenderLookupDispatcher>();
        services.AddSingleton<ISenderDecisions, TableSenderDecisions>();
    }

    /// <summary>Country and ASN from the offline IP data: the files are checked at start, read on the first lookup.</summary>
    public static IServiceCollection AddIpData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IpDataOptions>().Bind(configuration.GetSection(IpDataOptions.Section)).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<IpDataOptions>, IpDataOptionsSetup>();
        services.AddSingleton<IValidateOptions<IpDataOptions>, IpDataOptionsValidator>();
        services.AddSingleton<IpDataIntelligence>();
        services.AddSingleton<IIpIntelligence>(sp => sp.GetRequiredService<IpDataIntelligence>());
        return services;
    }

    private static void AddDnsProviders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DnsOptions>().Bind(configuration.GetSection(DnsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DnsOptions>, DnsOptionsValidator>();
        services.AddOptions<PowerDnsOptions>().Bind(configuration.GetSection(PowerDnsOptions.Section));
        services.AddHttpClient(PowerDnsProvider.HttpClientName, (sp, http) =>
            http.BaseAddress = sp.GetRequiredService<IOptions<PowerDnsOptions>>().Value.ApiUrl);
        services.AddSingleton<HostedDnsProvider>();
        services.AddSingleton(sp => new PowerDnsProvider(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(PowerDnsProvider.HttpClientName),
            sp.GetRequiredService<IOptions<PowerDnsOptions>>()));
        services.AddSingleton<IDnsProvider>(sp => Provider(sp, sp.GetRequiredService<IOptions<DnsOptions>>().Value.Provider));
        services.AddSingleton<IReportingDnsProvider>(sp =>
            new ReportingDnsProvider(Provider(sp, sp.GetRequiredService<IOptions<DnsOptions>>().Value.ReportingProvider)));
    }

    private static void AddMonitoringAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MonitoringOptions>().Bind(configuration.GetSection(MonitoringOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MonitoringOptions>, MonitoringOptionsValidator>();
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        services.AddSingleton<ITaskStore, TableTaskStore>();
        services.AddSingleton<IAuditLog, TableAuditLog>();
        services.AddSingleton<IActivityLog, TableActivityLog>();
        services.AddSingleton<TableMonitoredDomains>();
        services.AddSingleton<IMonitoredDomains>(sp => new Core.Alerts.AlertingMonitoredDomains(sp.GetRequiredService<TableMonitoredDomains>(), sp.GetRequiredService<Core.Alerts.SmartAlerts>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<INotificationStore, TableNotificationStore>();
        services.AddSingleton<Core.Alerts.IAlertSubscriptions, Alerts.TableAlertSubscriptions>();
        services.AddSingleton<Core.Alerts.IAlertMarkers, Alerts.TableAlertMarkers>();
        services.AddSingleton<Core.Alerts.IPendingAlertEvents, Alerts.TablePendingAlertEvents>();
        services.AddSingleton<Core.Alerts.IRecordObservations, Alerts.TableRecordObservations>();
        services.AddSingleton<Core.Alerts.IAlertStates, Alerts.TableAlertStates>();
        services.AddSingleton<Core.Alerts.IAccountSecurityStore, Alerts.TableAccountSecurity>();
        services.AddSingleton<Core.Alerts.IRecordLookup, Alerts.DnsClientRecordLookup>();
        services.AddSingleton<IZoneWorkDispatcher, QueueZoneWorkDispatcher>();
        services.AddSingleton<ISmtpTransport, SmtpTransport>();
        services.AddSingleton<IEmailSender, SmtpEmailSender>();
        services.AddSingleton<IEmailOutbox, BlobEmailOutbox>();
        services.AddOptions<OnboardingOptions>().Bind(configuration.GetSection(OnboardingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OnboardingOptions>, OnboardingOptionsValidator>();
        services.AddOptions<DnsLookupOptions>().Bind(configuration.GetSection(DnsLookupOptions.Section))
            .Validate(o => !o.Problems().Any(), "DnsLookup: every name server must be an address or address:port, and Timeout more than 0 and at most 30 seconds.")
            .ValidateOnStart();
        services.AddSingleton<IDomainExistence, DnsClientDomainExistence>();
        services.AddSingleton<IAccessRequestStore, TableAccessRequestStore>();
        services.AddSingleton<IDomainChallengeStore, TableDomainChallenges>();
        services.AddSingleton<ITxtLookup, DnsClientTxtLookup>();
        services.AddSingleton<IRequestCounters, TableRequestCounters>();
    }

    /// <summary>Domain statuses: the service's name servers (validated at start), DNS reads, modes, and the server of delegated _dmarc names.</summary>
    private static void AddDomainStatusAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DomainStatusOptions>().Bind(configuration.GetSection(DomainStatusOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DomainStatusOptions>, DomainStatusOptionsValidator>();
        services.AddSingleton<IDmarcDnsLookup, DnsClientDmarcLookup>();
        services.AddSingleton<IDomainModes, TableDomainModes>();
        services.AddSingleton<IDelegatedDmarcServer>(sp => sp.GetRequiredService<IOptions<DnsOptions>>().Value.ReportingProvider == DnsProviderKind.PowerDns
            ? new PowerDnsDelegatedDmarc(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(PowerDnsProvider.HttpClientName),
                sp.GetRequiredService<IOptions<PowerDnsOptions>>(),
                sp.GetRequiredService<IOptions<DomainStatusOptions>>())
            : new UnservedDelegatedDmarc());
    }

    /// <summary>The provider of that kind, its writes counted for telemetry.</summary>
    private static Core.Telemetry.CountedDnsProvider Provider(IServiceProvider services, DnsProviderKind kind) => kind switch
    {
        DnsProviderKind.PowerDns => new Core.Telemetry.CountedDnsProvider(services.GetRequiredService<PowerDnsProvider>(), "powerdns"),
        _ => new Core.Telemetry.CountedDnsProvider(services.GetRequiredService<HostedDnsProvider>(), "hosted"),
    };

    private static StorageOptions Storage(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value;
}
