using Dmarc.Core.Alerts;
using Dmarc.Core.ExecutiveReports;

namespace Dmarc.Core.Tests.Overview;

public class ReportPeriodTests
{
    [Theory]
    [InlineData("2026-12-02", "2026-11-23", "2026-11-29")] // a Wednesday
    [InlineData("2026-11-30", "2026-11-23", "2026-11-29")] // a Monday: the week just ended
    [InlineData("2026-11-29", "2026-11-16", "2026-11-22")] // a Sunday: its own week is not complete
    [InlineData("2027-01-01", "2026-12-21", "2026-12-27")]
    public void The_last_complete_week_runs_monday_to_sunday(string today, string from, string to) =>
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), ReportPeriod.LastComplete(AlertCadence.Weekly, DateOnly.Parse(today)));

    [Theory]
    [InlineData("2026-12-01", "2026-11-01", "2026-11-30")]
    [InlineData("2026-12-31", "2026-11-01", "2026-11-30")]
    [InlineData("2026-03-15", "2026-02-01", "2026-02-28")]
    [InlineData("2026-01-10", "2025-12-01", "2025-12-31")]
    public void The_last_complete_month_is_the_previous_calendar_month(string today, string from, string to) =>
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), ReportPeriod.LastComplete(AlertCadence.Monthly, DateOnly.Parse(today)));

    [Fact]
    public void There_is_no_daily_report() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportPeriod.LastComplete(AlertCadence.Daily, new DateOnly(2026, 12, 2)));

    [Fact]
    public void The_id_names_cadence_and_first_day() =>
        Assert.Equal("monthly-20261101", ReportPeriod.Id(AlertCadence.Monthly, new DateOnly(2026, 11, 1)));
}
