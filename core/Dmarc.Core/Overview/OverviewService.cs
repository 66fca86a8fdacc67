using Dmarc.Core.Domains;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Reports;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;

namespace Dmarc.Core.Overview;

/// <summary>
/// Builds an <see cref="AccountOverview"/> from the rollup alone: per monitored domain one read of
/// its daily summaries for the period, the policy of its newest report and its domain mode; no contributions are read.
/// Passing services are the identified senders in the Passing band, failing ones those below it.
/// A domain whose enforcement plan is running (or waiting, or enforced) publishes the record the plan
/// last wrote, which the service holds itself; its status follows that record at once rather than
/// the reports, which show it a day later.
/// </summary>
public sealed class OverviewService(IMonitoredDomains monitored, RollupReader rollup, NewestPolicy policies, IDomainModes modes, Enforcement.IEnforcementPlans plans)
{
    public const int MaxDays = 366;

    private const int Concurrency = 8;

    public DateOnly Today => rollup.Today;

    /// <summary>The <paramref name="days"/> days ending today (UTC, by the clock).</summary>
    public Task<AccountOverview> LastDaysAsync(string accountId, int days, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        return BuildAsync(accountId, Today.AddDays(1 - days), Today, cancellationToken);
    }

    public async Task<AccountOverview> BuildAsync(string accountId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(to.DayNumber - from.DayNumber + 1, MaxDays);
        var domains = (await monitored.ListAsync(accountId, cancellationToken)).Select(d => d.Domain).Order(StringComparer.Ordinal).ToArray();
        var read = new (DomainOverview Overview, IReadOnlyList<DailySummary> Days)[domains.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, domains.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var days = await rollup.DaysAsync(domains[i], from, to, ct);
                var policy = await PlannedPolicyAsync(accountId, domains[i], ct) ?? await policies.OfAsync(accountId, domains[i], ct);
                var mode = await modes.GetAsync(domains[i], ct);
                var locked = mode is { Mode: DomainMode.Blocked } && mode.AccountId == accountId;
                read[i] = (Domain(RollupReader.Sum(domains[i], from, to, days), policy, locked), days);
            });

        var allDays = read.SelectMany(r => r.Days).ToArray();
        return new AccountOverview(
            accountId,
            from,
            to,
            OverviewTotals.Of(allDays.Aggregate(RollupCounts.Zero, (sum, d) => sum.Add(d.Total))),
            Series(from, to, allDays),
            [.. read.Select(r => r.Overview)],
            SuspiciousCountries(allDays));
    }

    /// <summary>The policy of the record a live plan of the account last wrote; null without one.</summary>
    private async Task<PublishedPolicy?> PlannedPolicyAsync(string accountId, string domain, CancellationToken cancellationToken)
    {
        var plan = (await plans.GetAsync(domain, cancellationToken))?.Plan;
        if (plan is not { Status: Enforcement.PlanStatus.Running or Enforcement.PlanStatus.Waiting or Enforcement.PlanStatus.Enforced } || plan.AccountId != accountId || plan.History.Count == 0
            || !Records.DmarcRecord.TryParse(plan.LastRecord, out var record, out _))
        {
            return null;
        }

        return new PublishedPolicy(domain, record["p"], record["sp"], record["np"], record["adkim"], record["aspf"], int.TryParse(record["pct"], out var pct) ? pct : null, record["fo"], record["t"], null);
    }

    private static DomainOverview Domain(RollupWindow window, PublishedPolicy? policy, bool lockedBlocked)
    {
        var services = window.Senders
            .Where(s => s.SenderId != SenderClassification.UnidentifiedId)
            .Select(s => new ServiceRate(s.SenderId, s.Name, s.Kind, s.Counts.Messages, s.Counts.DmarcPassRate, s.Counts.Band))
            .ToArray();
        return new DomainOverview(
            window.Domain,
            EnforcementStatuses.Of(policy, window.Total, lockedBlocked),
            policy?.P?.Trim().ToLowerInvariant(),
            policy?.Pct,
            window.Total.Messages,
            window.Total.DmarcPassRate,
            [.. services.Where(s => s.Band == PassBand.Passing)],
            [.. services.Where(s => s.Band != PassBand.Passing)]);
    }

    private static OverviewDay[] Series(DateOnly from, DateOnly to, IReadOnlyList<DailySummary> days)
    {
        var byDay = days.GroupBy(d => d.Day).ToDictionary(g => g.Key, g => g.Aggregate(RollupCounts.Zero, (sum, d) => sum.Add(d.Total)));
        return [.. Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(i =>
        {
            var day = from.AddDays(i);
            var c = byDay.GetValueOrDefault(day, RollupCounts.Zero);
            return new OverviewDay(day, c.Messages, c.DmarcPass, c.DmarcFail, c.DispositionNone, c.DispositionQuarantine, c.DispositionReject, c.SpfFailureRate, c.DkimFailureRate);
        })];
    }

    private static CountryVolume[] SuspiciousCountries(IEnumerable<DailySummary> days) =>
        [.. days.SelectMany(d => d.Senders)
            .Where(s => s.SenderId == SenderClassification.UnidentifiedId)
            .SelectMany(s => s.Countries)
            .GroupBy(c => c.Country, StringComparer.Ordinal)
            .Select(g => new CountryVolume(g.Key, g.Sum(c => c.Messages)))
            .OrderByDescending(c => c.Messages).ThenBy(c => c.Country, StringComparer.Ordinal)
            .Take(AccountOverview.TopCountries)];
}
