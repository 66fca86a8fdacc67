using System.Net;
using Dmarc.Core.IpData;
using Dmarc.Core.Senders;
using Microsoft.Extensions.Logging;

namespace Dmarc.Core.Rollup;

/// <summary>
/// The hourly rollup (PRODUCT.md §4), costing in proportion to what changed: it reads the
/// (domain, day) marks that ingestion and classification left, recomputes the daily summary of
/// each marked pair from that day's contributions and the domain's classifications, stores it
/// whole, and clears the marks it read. A mark written again meanwhile (a report landed while the
/// run worked) has a new version, is not cleared and is done again by the next run, so nothing is
/// lost; doing a pair twice writes the same summary. One instance runs at a time (a lease renewed
/// between passes); a second instance that finds the lease held skips its run.
/// </summary>
public sealed partial class RollupService(
    IRollupRuns runs,
    IRollupMarks marks,
    IRollupStore store,
    IRollupLease lease,
    IContributionLookup contributions,
    ISenderClassifications classifications,
    IIpIntelligence ipData,
    TimeProvider time,
    ILogger<RollupService> logger)
{
    /// <summary>Marks read per pass; the run goes on pass after pass until none are left.</summary>
    public const int MarksPerPass = 1000;

    /// <summary>How long the lease lasts without renewal (it is renewed after every pass).</summary>
    public static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(5);

    private const int MaxConcurrency = 8;

    public async Task<RollupOutcome> RunAsync(bool isPastDue, CancellationToken cancellationToken = default)
    {
        var run = new RollupRun(time.GetUtcNow(), isPastDue);
        await runs.AddAsync(run, cancellationToken);
        var held = await lease.TryAcquireAsync(LeaseTime, cancellationToken);
        if (held is null)
        {
            LogSkipped(run.RanAt);
            return new RollupOutcome(run, true, 0, 0, 0);
        }

        var (days, domains, read) = (0, new HashSet<string>(StringComparer.Ordinal), 0);
        try
        {
            while (true)
            {
                var pending = await marks.PendingAsync(MarksPerPass, cancellationToken);
                if (pending.Count == 0)
                {
                    break;
                }

                read += pending.Count;
                days += await RecomputeAsync(pending, cancellationToken);
                domains.UnionWith(pending.Select(p => p.Mark.Domain));
                await marks.ClearAsync(pending, cancellationToken);
                held = await lease.RenewAsync(held, LeaseTime, cancellationToken);
                if (held is null || pending.Count < MarksPerPass)
                {
                    // Fewer than a pass: every mark there was is done; marks written since wait for the next run.
                    break;
                }
            }
        }
        finally
        {
            if (held is not null)
            {
                await lease.ReleaseAsync(held, CancellationToken.None);
            }
        }

        LogRun(run.RanAt, isPastDue, days, domains.Count, read);
        return new RollupOutcome(run, false, days, domains.Count, read);
    }

    /// <summary>Computes the summary of every distinct (domain, day) of the marks; the domain's classifications are read once.</summary>
    private async Task<int> RecomputeAsync(IReadOnlyList<PendingMark> pending, CancellationToken cancellationToken)
    {
        var byDomain = pending
            .GroupBy(p => p.Mark.Domain, StringComparer.Ordinal)
            .Select(g => (Domain: g.Key, Days: g.Select(p => p.Mark.Day).Distinct().Order().ToArray()))
            .ToArray();
        await Parallel.ForEachAsync(
            byDomain,
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrency, CancellationToken = cancellationToken },
            async (domain, ct) =>
            {
                var classes = (await classifications.ListAsync(domain.Domain, ct)).ToDictionary(c => c.Ip, StringComparer.Ordinal);
                foreach (var day in domain.Days)
                {
                    var rows = await contributions.RangeAsync(domain.Domain, day, day, ct);
                    await store.PutDayAsync(DailySummaryBuilder.Build(domain.Domain, day, rows, classes, Country, time.GetUtcNow()), ct);
                }
            });
        return byDomain.Sum(d => d.Days.Length);
    }

    private string? Country(string ip) => IPAddress.TryParse(ip, out var address) ? ipData.Lookup(address).Country : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Rollup at {RanAt} (past due: {IsPastDue}): {Days} daily summaries of {Domains} domains from {Marks} marks")]
    private partial void LogRun(DateTimeOffset ranAt, bool isPastDue, int days, int domains, int marks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rollup at {RanAt} skipped: another instance holds the lease")]
    private partial void LogSkipped(DateTimeOffset ranAt);
}
