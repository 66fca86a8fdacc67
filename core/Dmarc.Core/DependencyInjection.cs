using Dmarc.Core.Accounts;
using Dmarc.Core.Alerts;
using Dmarc.Core.Audit;
using Dmarc.Core.Dns;
using Dmarc.Core.Domains;
using Dmarc.Core.Health;
using Dmarc.Core.Ingestion;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Onboarding;
using Dmarc.Core.Reports;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dmarc.Core;

public static class DependencyInjection
{
    /// <summary>Registers the domain services. The ports are registered by the adapters.</summary>
    public static IServiceCollection AddDmarcCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ActivityRecorder>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<HealthService>();
        services.AddSingleton<Operations.PipelineStatusService>();
        services.AddSingleton<RollupService>();
        services.AddSingleton<RollupReader>();
        services.AddSingleton<NewestPolicy>();
        services.AddSingleton<Overview.OverviewService>();
        services.AddSingleton<ExecutiveReports.ExecutiveReportService>();
        services.AddSingleton<ReportingZone>();
        services.AddDmarcAlerts();
        services.AddSingleton<Ingestion.MailboxPuller>();
        services.AddSingleton(_ => PublicSuffixList.Default);
        services.AddSingleton<ReportingZoneGuard>();
        services.AddSingleton<TenantZoneService>();
        services.AddSingleton<TenantRecordService>();
        services.AddSingleton<ZoneWorker>();
        services.AddSingleton<RecordRepairService>();
        services.AddSingleton<DomainStatusService>();
        services.AddSingleton<DomainModeService>();
        services.AddSingleton<ZoneLock>();
        services.AddSingleton<TaskNotifier>();
        services.AddSingleton<MonitoringTaskService>();
        services.AddSingleton<AccountUsersService>();
        services.AddSingleton<AccountKeysService>();
        services.AddSingleton<SignupTokens>();
        services.AddSingleton<SignupService>();
        services.AddSingleton<AccessRequestService>();
        services.AddSingleton<AccountDomainsService>();
        services.AddSingleton<UnclaimedReports>();
        services.AddSingleton<ReportIngestion>();
        services.AddSingleton<Reports.Reprocessing.ArchiveReprocessor>();
        services.AddSingleton<Reports.Reprocessing.ReprocessService>();
        services.AddSingleton<Spf.SpfLookupCounter>();
        services.AddSingleton<Spf.SpfApprovals>();
        services.AddSingleton<Enforcement.PolicyRecords>();
        services.AddSingleton<Enforcement.ReadinessService>();
        services.AddSingleton<Enforcement.EnforcementService>();
        services.AddSingleton<Enforcement.EnforcementAnnouncer>();
        services.AddSingleton<Enforcement.EnforcementRunner>();
        services.AddSingleton(_ => SenderCatalogue.Default);
        services.AddSingleton<SenderClassifier>();
        services.AddSingleton<SenderLookupService>();
        services.AddSingleton<SenderReclassification>();
        services.AddSingleton<DomainSendersService>();
        return services;
    }
}
