using System.Globalization;

namespace Dmarc.Core.Alerts;

/// <summary>
/// The cadence period a time falls in (UTC): a subscription fires at most once per period.
/// Daily <c>2026-12-02</c>, weekly by ISO week <c>2026-W49</c>, monthly <c>2026-12</c>.
/// </summary>
public static class AlertPeriod
{
    public static string Of(AlertCadence cadence, DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return cadence switch
        {
            AlertCadence.Daily => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            AlertCadence.Weekly => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(utc)}-W{ISOWeek.GetWeekOfYear(utc):00}"),
            AlertCadence.Monthly => utc.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            _ => throw new ArgumentOutOfRangeException(nameof(cadence), cadence, "Unknown cadence."),
        };
    }

    /// <summary>The UTC day a time falls in.</summary>
    public static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>The start of a UTC day.</summary>
    public static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
