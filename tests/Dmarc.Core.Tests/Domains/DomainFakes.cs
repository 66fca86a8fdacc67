using Dmarc.Core.Domains;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Reports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Dmarc.Core.Tests.Domains;

/// <summary>Hand-written fakes of the domain-status ports and a world of domains, DNS answers and reports to build services on.</summary>
internal sealed class DomainWorld
{
    public const string Account = "acc_1";
    public const string Rua = "mailto:reports@rua.dmarc-monitor.example";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    public Dictionary<string, Func<CancellationToken, Task<DmarcDnsAnswer>>> Dns { get; } = [];

    public List<MonitoredDomain> Domains { get; } = [];

    public List<StoredReport> Reports { get; } = [];

    public FakeModes Modes { get; } = new();

    public FakeServer Server { get; } = new();

    public List<AuditEntry> Audit { get; } = [];

    public void Delegated(string domain) =>
        Dns[domain] = _ => Task.FromResult(new DmarcDnsAnswer(["ns1.dmarc-monitor.example"], Server.Served.TryGetValue(domain, out var v) ? [v] : []));

    public void Txt(string domain, string record) => Dns[domain] = _ => Task.FromResult(new DmarcDnsAnswer([], [record]));

    public void Monitor(string domain, string account = Account) => Domains.Add(new MonitoredDomain(domain, account, null, Time.GetUtcNow().AddDays(-90)));

    public void Report(string domain, DateTimeOffset end, DateTimeOffset ingestedAt) =>
        Reports.Add(new StoredReport($"r{Reports.Count}", Account,
            new AggregateReport("Google", null, null, $"id-{Reports.Count}", end.AddDays(-1), end, null, null,
                new PublishedPolicy(domain, null, null, null, null, null, null, null, null, null), [], []),
            "archive", ingestedAt));

    public DomainStatusService StatusService()
    {
        var domains = new Mock<IMonitoredDomains>();
        domains.Setup(d => d.ListAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string a, CancellationToken _) => Domains.Where(d => d.AccountId == a).ToArray());
        domains.Setup(d => d.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string n, CancellationToken _) => Domains.FirstOrDefault(d => d.Domain == n));
        var reports = new Mock<IReportStore>();
        // One report per page, so the service must follow continuations.
        reports.Setup(r => r.ListAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<DateTimeOffset?>(), null, It.IsAny<int>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string a, string? d, DateTimeOffset? since, DateTimeOffset? _, int _, string? next, CancellationToken _) =>
            {
                var matching = Reports.Where(r => r.AccountId == a && (d is null || r.Report.Policy.Domain == d) && (since is null || r.Report.End >= since)).ToArray();
                var at = next is null ? 0 : int.Parse(next, System.Globalization.CultureInfo.InvariantCulture);
                return (matching.Skip(at).Take(1).ToArray(), at + 1 < matching.Length ? (at + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
            });
        var lookup = new Mock<IDmarcDnsLookup>();
        lookup.Setup(l => l.LookupAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string d, CancellationToken token) => Dns.TryGetValue(d, out var answer) ? answer(token) : Task.FromResult(new DmarcDnsAnswer([], [])));
        var options = new DomainStatusOptions { LookupTimeout = TimeSpan.FromSeconds(5) };
        options.NameServers.Add("ns1.dmarc-monitor.example");
        return new DomainStatusService(domains.Object, lookup.Object, Modes, reports.Object, Time, Options.Create(options), Monitoring, NullLogger<DomainStatusService>.Instance);
    }

    public DomainModeService ModeService()
    {
        var audit = new Mock<IAuditLog>();
        audit.Setup(a => a.AddAsync(It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>())).Callback<AuditEntry, CancellationToken>((e, _) => Audit.Add(e)).Returns(Task.CompletedTask);
        var dns = new Mock<Dmarc.Core.Dns.IDnsProvider>();
        var rollup = new Mock<Dmarc.Core.Rollup.IRollupStore>();
        rollup.Setup(r => r.DaysAsync(It.IsAny<string>(), It.IsAny<DateOnly>(), It.IsAny<DateOnly>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        return new DomainModeService(StatusService(), Modes, Server, new ZoneLock(dns.Object, audit.Object), new Dmarc.Core.Rollup.RollupReader(rollup.Object, Time), audit.Object, Time, Monitoring, NullLogger<DomainModeService>.Instance);
    }

    private static IOptions<MonitoringOptions> Monitoring => Options.Create(new MonitoringOptions { ReportingAddress = Rua, ReportingDomain = "dmarc-monitor.example" });
}

internal sealed class FakeModes : IDomainModes
{
    public Dictionary<string, DomainModeSetting> Settings { get; } = [];

    public Task<DomainModeSetting?> GetAsync(string domain, CancellationToken cancellationToken = default) => Task.FromResult(Settings.GetValueOrDefault(domain));

    public Task UpsertAsync(DomainModeSetting setting, CancellationToken cancellationToken = default)
    {
        Settings[setting.Domain] = setting;
        return Task.CompletedTask;
    }
}

internal sealed class FakeServer : IDelegatedDmarcServer
{
    public Dictionary<string, string> Served { get; } = [];

    public bool Unavailable { get; set; }

    public Task<string?> GetAsync(string domain, CancellationToken cancellationToken = default) =>
        Unavailable ? throw new DelegationNotServedException("not served here") : Task.FromResult(Served.GetValueOrDefault(domain));

    public Task ServeAsync(string domain, string value, CancellationToken cancellationToken = default)
    {
        Served[domain] = value;
        return Task.CompletedTask;
    }
}
