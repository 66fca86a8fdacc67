using Dmarc.Core.Senders;

namespace Dmarc.Core.Rollup;

/// <summary>
/// A sender's (or a domain's) figures from the latest rollup: the rolling
/// <see cref="RollupWindow.Days"/>-day window ending on <paramref name="To"/>, with volume, DMARC pass
/// rate, SPF and DKIM aligned-failure rates, dispositions and band in <paramref name="Volume"/>.
/// </summary>
public sealed record SenderRollup(DateOnly From, DateOnly To, RollupCounts Volume, IReadOnlyList<CountryVolume> TopCountries, int ActiveDays)
{
    public static SenderRollup For(RollupWindow window, SenderWindow sender)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(sender);
        return new(window.From, window.To, sender.Counts, sender.TopCountries, sender.ActiveDays);
    }

    /// <summary>The whole domain: every sender together.</summary>
    public static SenderRollup Total(RollupWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var countries = window.Senders.SelectMany(s => s.TopCountries)
            .GroupBy(c => c.Country, StringComparer.Ordinal)
            .Select(c => new CountryVolume(c.Key, c.Sum(v => v.Messages)))
            .OrderByDescending(c => c.Messages).ThenBy(c => c.Country, StringComparer.Ordinal)
            .Take(RollupWindow.TopCountries)
            .ToArray();
        return new(window.From, window.To, window.Total, countries, window.Senders.Count == 0 ? 0 : window.Senders.Max(s => s.ActiveDays));
    }
}
