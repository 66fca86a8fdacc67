using Dmarc.Core.Reports;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Dmarc.Core.Tests.Rollup;

/// <summary>The rollup with in-memory ports: only marked (domain, day) pairs are recomputed, windows are sums of days, the clock moves.</summary>
public class RollupServiceTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero));
    private readonly Mock<IRollupRuns> _runs = new();
    private readonly InMemoryRollupMarks _marks = new();
    private readonly InMemoryRollupStore _store = new();
    private readonly InMemoryRollupLease _lease = new();
    private readonly InMemoryContributions _contributions = new();
    private readonly InMemoryClassifications _classes = new();

    private RollupService Service() => new(_runs.Object, _marks, _store, _lease, _contributions, _classes, new CountryByPrefix(), _time, NullLogger<RollupService>.Instance);

    private RollupReader Reader() => new(_store, _time);

    private void Report(string key, DateOnly day, string ip, long total, long pass, string domain = "example.com")
    {
        _contributions.Rows.Add(new Contribution(domain, day, key, ip, total, pass, pass, 0, total, 0, 0));
        _marks.MarkAsync([new RollupMark(domain, day, key)]).GetAwaiter().GetResult();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_run_is_recorded_with_the_clock_time_and_past_due_flag(bool pastDue)
    {
        var outcome = await Service().RunAsync(pastDue);

        Assert.Equal(new RollupRun(_time.GetUtcNow(), pastDue), outcome.Run);
        _runs.Verify(r => r.AddAsync(outcome.Run, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Marked_days_become_daily_summaries_per_sender_and_the_window_is_their_sum()
    {
        _classes.Put("example.com", "167.89.123.45", SenderClass.Service, "service_sendgrid", "SendGrid", "US");
        Report("r1", Today, "167.89.123.45", 100, 96);
        Report("r1", Today, "192.0.2.7", 10, 0);
        Report("r2", Today.AddDays(-1), "167.89.123.45", 100, 90);

        var outcome = await Service().RunAsync(false);

        Assert.Equal((2, 1, 0), (outcome.Days, outcome.Domains, _marks.Rows.Count));
        var window = await Reader().WindowAsync("example.com");
        Assert.Equal((Today.AddDays(-29), Today, 210L), (window.From, window.To, window.Total.Messages));
        var sendgrid = window.Sender("service_sendgrid")!;
        Assert.Equal((SenderClass.Service, "SendGrid", 200L, 93.0, 7.0, PassBand.PartiallyPassing, 2), (sendgrid.Kind, sendgrid.Name, sendgrid.Counts.Messages, sendgrid.Counts.DmarcPassRate, sendgrid.Counts.SpfFailureRate, sendgrid.Counts.Band, sendgrid.ActiveDays));
        Assert.Equal([new CountryVolume("US", 200)], sendgrid.TopCountries);
        var unidentified = window.Sender(SenderClassification.UnidentifiedId)!;
        Assert.Equal((10L, PassBand.Failing, 100.0), (unidentified.Counts.Messages, unidentified.Counts.Band, unidentified.Counts.DkimFailureRate));
        Assert.Equal([new CountryVolume("NL", 10)], unidentified.TopCountries);
    }

    [Fact]
    public async Task A_second_run_without_new_marks_computes_nothing_and_changes_nothing()
    {
        Report("r1", Today, "192.0.2.7", 10, 5);
        await Service().RunAsync(false);
        var before = await Reader().WindowAsync("example.com");
        var (writes, reads) = (_store.Writes, _contributions.DaysRead);

        var again = await Service().RunAsync(false);

        Assert.Equal((0, 0), (again.Days, again.Marks));
        Assert.Equal((writes, reads), (_store.Writes, _contributions.DaysRead));
        Assert.Equal(before, await Reader().WindowAsync("example.com"), new WindowComparer());
    }

    [Fact]
    public async Task A_report_days_late_recomputes_only_its_own_day_and_counts_on_it()
    {
        for (var d = 0; d < 10; d++)
        {
            Report($"r{d}", Today.AddDays(-d), "192.0.2.7", 10, 10);
        }

        await Service().RunAsync(false);
        _time.Advance(TimeSpan.FromHours(1));
        Report("late", Today.AddDays(-6), "192.0.2.8", 30, 0);

        var outcome = await Service().RunAsync(false);

        Assert.Equal(1, outcome.Days);
        var series = await Reader().SeriesAsync("example.com", Today.AddDays(-6), Today.AddDays(-5));
        Assert.Equal([(40L, 10L), (10L, 10L)], series.Select(d => (d.Counts.Messages, d.Counts.DmarcPass)));
        Assert.Equal((130L, 100L), ((await Reader().WindowAsync("example.com", Today)).Total.Messages, (await Reader().WindowAsync("example.com", Today)).Total.DmarcPass));
    }

    [Fact]
    public async Task The_window_moves_with_the_clock_across_the_day_and_the_thirty_day_boundary()
    {
        Report("old", Today.AddDays(-29), "192.0.2.7", 10, 10);
        Report("new", Today, "192.0.2.7", 5, 0);
        await Service().RunAsync(false);
        Assert.Equal(15L, (await Reader().WindowAsync("example.com")).Total.Messages);

        _time.Advance(TimeSpan.FromMinutes(30)); // 2026-12-01 00:00 UTC: the oldest day leaves the window
        var moved = await Reader().WindowAsync("example.com");

        Assert.Equal((new DateOnly(2026, 12, 1), 5L, PassBand.Failing), (moved.To, moved.Total.Messages, moved.Total.Band));
        _time.Advance(TimeSpan.FromDays(30));
        Assert.Empty((await Reader().WindowAsync("example.com")).Senders);
    }

    [Fact]
    public async Task A_mark_written_again_while_the_run_works_is_kept_for_the_next_run()
    {
        Report("r1", Today, "192.0.2.7", 10, 10);
        _marks.AfterRead = () =>
        {
            _marks.AfterRead = null;
            Report("r2", Today, "192.0.2.8", 20, 0);
            _marks.MarkAsync([new RollupMark("example.com", Today, "r1")]).GetAwaiter().GetResult();
        };

        await Service().RunAsync(false);
        Assert.Equal(2, _marks.Rows.Count);

        await Service().RunAsync(false);
        Assert.Empty(_marks.Rows);
        Assert.Equal(30L, (await Reader().WindowAsync("example.com")).Total.Messages);
    }

    [Fact]
    public async Task A_run_that_finds_the_lease_held_elsewhere_skips_and_leaves_the_marks()
    {
        Report("r1", Today, "192.0.2.7", 10, 10);
        _lease.HeldElsewhere = true;

        var outcome = await Service().RunAsync(false);

        Assert.True(outcome.Skipped);
        Assert.Single(_marks.Rows);
        Assert.Empty(_store.Days);
    }

    [Fact]
    public async Task More_marks_than_a_pass_are_all_done_in_one_run_and_the_lease_is_released()
    {
        for (var d = 0; d < RollupService.MarksPerPass + 5; d++)
        {
            Report($"r{d}", Today.AddDays(-d), "192.0.2.7", 1, 1, domain: $"d{d % 7}.example");
        }

        var outcome = await Service().RunAsync(false);

        Assert.Equal((RollupService.MarksPerPass + 5, 7), (outcome.Marks, outcome.Domains));
        Assert.Empty(_marks.Rows);
        Assert.Equal((1, 1), (_lease.Acquired, _lease.Released));
    }

    [Fact]
    public async Task A_classification_that_lands_later_moves_the_traffic_once_its_day_is_marked_again()
    {
        Report("r1", Today, "167.89.123.45", 50, 50);
        await Service().RunAsync(false);
        Assert.NotNull((await Reader().WindowAsync("example.com")).Sender(SenderClassification.UnidentifiedId));

        _classes.Put("example.com", "167.89.123.45", SenderClass.Service, "service_sendgrid", "SendGrid");
        await _marks.MarkAsync([new RollupMark("example.com", Today, RollupMark.Reclassified)]);
        await Service().RunAsync(false);

        var window = await Reader().WindowAsync("example.com");
        Assert.Equal(["service_sendgrid"], window.Senders.Select(s => s.SenderId));
        Assert.Equal(PassBand.Passing, window.Senders[0].Counts.Band);
    }

    private sealed class WindowComparer : IEqualityComparer<RollupWindow>
    {
        public bool Equals(RollupWindow? x, RollupWindow? y) =>
            x is not null && y is not null && x.Total == y.Total && x.Senders.Select(s => (s.SenderId, s.Counts, s.ActiveDays)).SequenceEqual(y.Senders.Select(s => (s.SenderId, s.Counts, s.ActiveDays)));

        public int GetHashCode(RollupWindow obj) => obj.Total.GetHashCode();
    }
}
