namespace Dmarc.Core.Domains;

/// <summary>How a domain's <c>_dmarc</c> name reaches this service, as public DNS shows it.</summary>
public enum DomainStatus
{
    /// <summary><c>_dmarc</c> is delegated by NS to the service's name servers; the service serves the record.</summary>
    Active,

    /// <summary>The domain's own DMARC record sends aggregate reports to this service.</summary>
    ReportingOnly,

    /// <summary>An Active domain locked to <c>p=reject</c> (a non-sending domain).</summary>
    Blocked,

    /// <summary>Neither: no DMARC record with our <c>rua</c>, and no delegation to the service.</summary>
    NotConfigured,

    /// <summary>DNS did not answer (timeout, SERVFAIL, REFUSED); the detail says what happened.</summary>
    Unknown,
}

/// <summary>What the owner chose for an Active domain.</summary>
public enum DomainMode
{
    Active,
    Blocked,
}

/// <summary>Where a domain is on the way to its reports: DNS first, then the first report, then more.</summary>
public enum ReportingState
{
    /// <summary>DNS does not send reports to the service (status NotConfigured), and none came.</summary>
    DnsNotConfigured,

    /// <summary>DNS could not be read (status Unknown) and no report has arrived.</summary>
    Unknown,

    /// <summary>DNS is configured (Active, ReportingOnly or Blocked) and no report has arrived yet.</summary>
    AwaitingFirstReport,

    /// <summary>At least one report has arrived; <see cref="DomainReporting.LastReportAt"/> says when the newest did.</summary>
    Receiving,
}

/// <summary>The answer public DNS gives for <c>_dmarc.&lt;domain&gt;</c>: NS targets (a delegation) and TXT values, or why it gave none.</summary>
public sealed record DmarcDnsAnswer(IReadOnlyList<string> NameServers, IReadOnlyList<string> Txt, string? Error = null)
{
    public static DmarcDnsAnswer Failed(string error) => new([], [], error);
}

/// <summary>A domain's status as DNS shows it: the policy of the record served, and whether it is at enforcement.</summary>
public sealed record DomainDnsStatus(DomainStatus Status, string Detail, string? Policy, bool AtEnforcement, string? Record);

/// <summary>Reports of a domain: the state and, once reports arrive, when the newest was received.</summary>
public sealed record DomainReporting(ReportingState State, DateTimeOffset? LastReportAt);

/// <summary>One domain of an account in the listing.</summary>
public sealed record DomainOverview(
    string Domain,
    DomainStatus Status,
    string Detail,
    string? Policy,
    bool AtEnforcement,
    bool Sending,
    DomainReporting Reporting,
    DateTimeOffset MonitoredSince);

/// <summary>The owner's choice for a domain, and what it had before it was Blocked: the record served (Active domains) or the zone's record sets (<see cref="ZoneBeforeBlock"/>).</summary>
public sealed record DomainModeSetting(string Domain, string AccountId, DomainMode Mode, string? RecordBeforeBlock, DateTimeOffset ChangedAt)
{
    /// <summary>For a zone of the account's DNS provider that is locked: the sets the lock replaced, as they were.</summary>
    public IReadOnlyList<LockedSet>? ZoneBeforeBlock { get; init; }

    /// <summary>For a locked zone: the sets the lock wrote (what the unlock's audit entries start from).</summary>
    public IReadOnlyList<Dns.RecordSet>? ZoneLocked { get; init; }
}
