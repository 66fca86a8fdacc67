using Dmarc.Adapters.Rollup;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;

namespace Dmarc.Adapters.Tests.Rollup;

public class TableRollupStoreTests
{
    private static readonly DateOnly Day = new(2026, 11, 30);
    private static readonly DateTimeOffset At = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    private static SenderDay Sender(string id, long messages, params CountryVolume[] countries) =>
        new(id, SenderClass.HostedServer, "Hetzner Online", new RollupCounts(messages, messages / 2, 1, 2, messages - 3, 2, 1), countries);

    [Fact]
    public async Task A_day_is_stored_whole_replaced_whole_and_read_back_by_range()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableRollupStore(storage.Tables, storage.Names);
        var first = new DailySummary("example.com", Day, [Sender("hosted_2a01:4f8:c17:1::26", 40, new CountryVolume("DE", 40)), Sender("unidentified", 9)], At);
        await store.PutDayAsync(first);
        await store.PutDayAsync(first with { Day = Day.AddDays(-1) });
        await store.PutDayAsync(first with { Day = Day.AddDays(-30) });
        await store.PutDayAsync(first with { Domain = "other.example" });

        var days = await store.DaysAsync("example.com", Day.AddDays(-29), Day);
        Assert.Equal([Day.AddDays(-1), Day], days.Select(d => d.Day));
        Assert.Equal(first.Senders, days[1].Senders, new SenderDayComparer());
        Assert.Equal(At, days[1].ComputedAt);

        await store.PutDayAsync(first with { Senders = [Sender("service_sendgrid", 5)] });
        Assert.Equal(["service_sendgrid"], (await store.DaysAsync("example.com", Day, Day)).Single().Senders.Select(s => s.SenderId));
    }

    [Fact]
    public async Task A_day_with_thousands_of_hosted_servers_fits_one_row()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableRollupStore(storage.Tables, storage.Names);
        var senders = Enumerable.Range(0, 5000).Select(i => Sender($"hosted_10.{i / 250}.{i % 250}.1", i + 1, new CountryVolume("US", i + 1))).ToArray();

        await store.PutDayAsync(new DailySummary("many.example", Day, senders, At));

        var read = Assert.Single(await store.DaysAsync("many.example", Day, Day));
        Assert.Equal(5000, read.Senders.Count);
        Assert.Equal(senders.Sum(s => s.Counts.Messages), read.Total.Messages);
    }

    [Fact]
    public async Task The_largest_unidentified_ip_list_a_day_keeps_round_trips()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableRollupStore(storage.Tables, storage.Names);
        IpVolume[] ips = [.. Enumerable.Range(0, SenderDay.MaxIps).Select(i => new IpVolume($"2001:db8:ffff:ffff:ffff:ffff:ffff:{i:x4}", SenderDay.MaxIps - i))];
        var unidentified = new SenderDay(SenderClassification.UnidentifiedId, SenderClass.Unidentified, "Unidentified", new RollupCounts(500_500, 0, 0, 0, 500_500, 0, 0), []) { Ips = ips };

        await store.PutDayAsync(new DailySummary("wide.example", Day, [unidentified], At));

        var read = Assert.Single(Assert.Single(await store.DaysAsync("wide.example", Day, Day)).Senders);
        Assert.Equal(ips, read.Ips);
    }

    private sealed class SenderDayComparer : IEqualityComparer<SenderDay>
    {
        public bool Equals(SenderDay? x, SenderDay? y) =>
            x is not null && y is not null && (x.SenderId, x.Kind, x.Name, x.Counts) == (y.SenderId, y.Kind, y.Name, y.Counts) && x.Countries.SequenceEqual(y.Countries);

        public int GetHashCode(SenderDay obj) => obj.SenderId.GetHashCode(StringComparison.Ordinal);
    }
}
