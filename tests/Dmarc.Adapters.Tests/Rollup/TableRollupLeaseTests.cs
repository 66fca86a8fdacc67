using Dmarc.Adapters.Rollup;
using Microsoft.Extensions.Time.Testing;

namespace Dmarc.Adapters.Tests.Rollup;

public class TableRollupLeaseTests
{
    [Fact]
    public async Task Of_two_instances_one_holds_the_lease_until_it_releases_it()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var a = new TableRollupLease(storage.Tables, storage.Names, time);
        var b = new TableRollupLease(storage.Tables, storage.Names, time);

        var taken = await Task.WhenAll(a.TryAcquireAsync(TimeSpan.FromMinutes(5)), b.TryAcquireAsync(TimeSpan.FromMinutes(5)));

        var held = Assert.Single(taken, t => t is not null)!;
        Assert.Null(await b.TryAcquireAsync(TimeSpan.FromMinutes(5)));
        var renewed = await a.RenewAsync(held, TimeSpan.FromMinutes(5));
        Assert.NotNull(renewed);
        await a.ReleaseAsync(renewed!);
        Assert.NotNull(await b.TryAcquireAsync(TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_and_its_old_holder_cannot_renew_it()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var lease = new TableRollupLease(storage.Tables, storage.Names, time);
        var dead = (await lease.TryAcquireAsync(TimeSpan.FromMinutes(5)))!;

        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Null(await lease.TryAcquireAsync(TimeSpan.FromMinutes(5)));
        time.Advance(TimeSpan.FromSeconds(2));
        var next = await lease.TryAcquireAsync(TimeSpan.FromMinutes(5));

        Assert.NotNull(next);
        Assert.Null(await lease.RenewAsync(dead, TimeSpan.FromMinutes(5)));
        await lease.ReleaseAsync(dead);
        Assert.Null(await lease.TryAcquireAsync(TimeSpan.FromMinutes(5)));
    }
}
