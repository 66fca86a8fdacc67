using Dmarc.Core.Senders;

namespace Dmarc.Core.Rollup;

/// <summary>
/// Reads what the rollup stored: a domain's rolling window per sender (the sum of at most
/// <see cref="RollupWindow.Days"/> daily summaries) and its per-day series. The senders and rates
/// endpoints and the alert engine read through here.
/// </summary>
public sealed class RollupReader(IRollupStore store, TimeProvider time)
{
    public const int MaxSeriesDays = 366;

    /// <summary>Today, UTC, by the injected clock.</summary>
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>The rolling window of <see cref="RollupWindow.Days"/> days ending on <paramref name="to"/> (today when null).</summary>
    public async Task<RollupWindow> WindowAsync(string domain, DateOnly? to = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var end = to ?? Today;
        var from = end.AddDays(1 - RollupWindow.Days);
        return Sum(domain, from, end, await store.DaysAsync(domain, from, end, cancellationToken));
    }

    /// <summary>Sums daily summaries into a window (pure; for callers that already hold the days).</summary>
    public static RollupWindow Sum(string domain, DateOnly from, DateOnly to, IEnumerable<DailySummary> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var inWindow = days.Where(d => d.Day >= from && d.Day <= to).OrderBy(d => d.Day).ToArray();
        var senders = inWindow
            .SelectMany(d => d.Senders)
            .GroupBy(s => s.SenderId, StringComparer.Ordinal)
            .Select(g =>
            {
                var latest = g.Last();
                var countries = g.SelectMany(s => s.Countries)
                    .GroupBy(c => c.Country, StringComparer.Ordinal)
                    .Select(c => new CountryVolume(c.Key, c.Sum(v => v.Messages)))
                    .OrderByDescending(c => c.Messages).ThenBy(c => c.Country, StringComparer.Ordinal)
                    .Take(RollupWindow.TopCountries)
                    .ToArray();
                return new SenderWindow(g.Key, latest.Kind, latest.Name, g.Aggregate(RollupCounts.Zero, (sum, s) => sum.Add(s.Counts)), countries, g.Count());
            })
            .OrderByDescending(s => s.Counts.Messages).ThenBy(s => s.SenderId, StringComparer.Ordinal)
            .ToArray();
        return new RollupWindow(domain, from, to, senders.Aggregate(RollupCounts.Zero, (sum, s) => sum.Add(s.Counts)), senders);
    }

    /// <summary>Every day from <paramref name="from"/> to <paramref name="to"/>, oldest first; a day without a summary has zero messages.</summary>
    public async Task<IReadOnlyList<DailyRates>> SeriesAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(to.DayNumber - from.DayNumber + 1, MaxSeriesDays);
        var stored = (await store.DaysAsync(domain, from, to, cancellationToken)).ToDictionary(d => d.Day);
        return Enumerable.Range(0, to.DayNumber - from.DayNumber + 1)
            .Select(i => from.AddDays(i))
            .Select(day => new DailyRates(day, stored.TryGetValue(day, out var summary) ? summary.Total : RollupCounts.Zero))
            .ToArray();
    }

    /// <summary>The daily summaries themselves (per sender per day), oldest first.</summary>
    public Task<IReadOnlyList<DailySummary>> DaysAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        store.DaysAsync(domain, from, to, cancellationToken);
}
