using Dmarc.Core.Alerts;

namespace Dmarc.Core.ExecutiveReports;

/// <summary>The last complete period before a day (UTC): the previous Monday-to-Sunday week, or the previous calendar month.</summary>
public static class ReportPeriod
{
    public static (DateOnly From, DateOnly To) LastComplete(AlertCadence cadence, DateOnly today) => cadence switch
    {
        AlertCadence.Weekly => Week(today),
        AlertCadence.Monthly => (new DateOnly(today.Year, today.Month, 1).AddMonths(-1), new DateOnly(today.Year, today.Month, 1).AddDays(-1)),
        _ => throw new ArgumentOutOfRangeException(nameof(cadence), cadence, "The executive report comes weekly or monthly."),
    };

    /// <summary>The report's id within its account: cadence and first day, e.g. <c>weekly-20261123</c>.</summary>
    public static string Id(AlertCadence cadence, DateOnly from) =>
        $"{cadence.ToString().ToLowerInvariant()}-{from:yyyyMMdd}";

    private static (DateOnly, DateOnly) Week(DateOnly today)
    {
        var sinceMonday = ((int)today.DayOfWeek + 6) % 7;
        var thisMonday = today.AddDays(-sinceMonday);
        return (thisMonday.AddDays(-7), thisMonday.AddDays(-1));
    }
}
