using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;

namespace Dmarc.Core.Overview;

/// <summary>
/// An account's mail from <paramref name="From"/> to <paramref name="To"/> (UTC days, both included),
/// from the rollup's daily summaries: totals, one point per day, every monitored domain with its
/// enforcement status and services, and where suspicious (unidentified) mail came from.
/// </summary>
public sealed record AccountOverview(
    string AccountId,
    DateOnly From,
    DateOnly To,
    OverviewTotals Totals,
    IReadOnlyList<OverviewDay> Days,
    IReadOnlyList<DomainOverview> Domains,
    IReadOnlyList<CountryVolume> SuspiciousCountries)
{
    /// <summary>How many countries <see cref="SuspiciousCountries"/> lists at most.</summary>
    public const int TopCountries = 10;

    /// <summary>How many domains have each status (every status present, zero included).</summary>
    public IReadOnlyDictionary<EnforcementStatus, int> Enforcement =>
        Enum.GetValues<EnforcementStatus>().ToDictionary(s => s, s => Domains.Count(d => d.Enforcement == s));
}

/// <summary>Authenticated (DMARC pass) against failing mail, and what receivers did with it.</summary>
public sealed record OverviewTotals(long Messages, long Authenticated, long Failing, long Delivered, long Quarantined, long Rejected)
{
    public double AuthenticatedRate => Messages == 0 ? 0 : Math.Round(100.0 * Authenticated / Messages, 1, MidpointRounding.AwayFromZero);

    public static OverviewTotals Of(RollupCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new(counts.Messages, counts.DmarcPass, counts.DmarcFail, counts.DispositionNone, counts.DispositionQuarantine, counts.DispositionReject);
    }
}

/// <summary>One UTC day of the account: DMARC pass and fail, dispositions, and the SPF and DKIM aligned-failure rates (percent).</summary>
public sealed record OverviewDay(DateOnly Day, long Messages, long DmarcPass, long DmarcFail, long Delivered, long Quarantined, long Rejected, double SpfFailureRate, double DkimFailureRate);

/// <summary>A monitored domain over the period: its status, the policy its newest report shows, and its identified senders split by band.</summary>
public sealed record DomainOverview(
    string Domain,
    EnforcementStatus Enforcement,
    string? Policy,
    int? Pct,
    long Messages,
    double DmarcPassRate,
    IReadOnlyList<ServiceRate> Passing,
    IReadOnlyList<ServiceRate> Failing);

/// <summary>An identified sender of a domain over the period (unidentified mail is counted in the suspicious countries, not here).</summary>
public sealed record ServiceRate(string SenderId, string Name, SenderClass Kind, long Messages, double DmarcPassRate, PassBand Band);
