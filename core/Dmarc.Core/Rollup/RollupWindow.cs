using Dmarc.Core.Senders;

namespace Dmarc.Core.Rollup;

/// <summary>One sender over a rolling window: the sum of its daily summaries.</summary>
/// <param name="Kind">The kind and <paramref name="Name"/> as of the sender's latest day in the window.</param>
/// <param name="TopCountries">The countries with the most messages, at most <see cref="RollupWindow.TopCountries"/>.</param>
/// <param name="ActiveDays">On how many days of the window it sent.</param>
public sealed record SenderWindow(string SenderId, SenderClass Kind, string Name, RollupCounts Counts, IReadOnlyList<CountryVolume> TopCountries, int ActiveDays);

/// <summary>
/// A domain's rolling window from <paramref name="From"/> to <paramref name="To"/> (both UTC days,
/// included): the sum of at most <see cref="Days"/> daily summaries per sender, largest first.
/// </summary>
public sealed record RollupWindow(string Domain, DateOnly From, DateOnly To, RollupCounts Total, IReadOnlyList<SenderWindow> Senders)
{
    /// <summary>The rolling window of PRODUCT.md §4.</summary>
    public const int Days = 30;

    public const int TopCountries = 5;

    public SenderWindow? Sender(string senderId) => Senders.FirstOrDefault(s => s.SenderId == senderId);
}

/// <summary>A domain's messages on one UTC day, every sender together (zero on a day without reports).</summary>
public sealed record DailyRates(DateOnly Day, RollupCounts Counts);
