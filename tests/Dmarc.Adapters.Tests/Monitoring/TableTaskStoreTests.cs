using Azure.Data.Tables;
using Dmarc.Adapters.Monitoring;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Monitoring;

namespace Dmarc.Adapters.Tests.Monitoring;

public class TableTaskStoreTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task One_task_per_account_holds_the_lock_until_released_or_expired()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableTaskStore(storage.Tables, storage.Names);

        Assert.True(await store.TryLockAccountAsync("acc", "t1", Now.AddHours(1)));
        Assert.False(await store.TryLockAccountAsync("acc", "t2", Now.AddHours(1)));
        Assert.Equal("t1", await store.LockHolderAsync("acc"));
        Assert.True(await store.TryLockAccountAsync("other", "t3", Now.AddHours(1)));

        await store.ReleaseAccountAsync("acc", "t2"); // not the holder: nothing happens
        Assert.False(await store.TryLockAccountAsync("acc", "t2", Now.AddHours(1)));
        await store.ReleaseAccountAsync("acc", "t1");
        Assert.True(await store.TryLockAccountAsync("acc", "t2", Now.AddSeconds(-1)));
        Assert.True(await store.TryLockAccountAsync("acc", "t4", Now.AddHours(1)), "an expired lock is taken over");
    }

    [Fact]
    public async Task Results_are_stored_once_counted_once_and_the_task_completes_once()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableTaskStore(storage.Tables, storage.Names);
        var task = new MonitoringTask("t1", "acc", TaskKind.Enable, false, MonitoringTaskStatus.Running, 2, Now, null);
        await store.CreateAsync(task, ["a.example", "b.example"]);
        var created = new ZoneResult("t1", "a.example", new ZoneChange(Outcome.Created, null, null, null, "v=DMARC1"), Now);

        Assert.False(await store.RecordResultAsync(created, 2, null));
        Assert.False(await store.RecordResultAsync(created with { Change = ZoneChange.Fail("again") }, 2, null));
        Assert.False(await store.AllCountedAsync("t1"));
        Assert.True(await store.RecordResultAsync(new ZoneResult("t1", "b.example", ZoneChange.Skip(SkipReason.InPool, "pool"), Now), 2, null));
        Assert.True(await store.AllCountedAsync("t1"));

        Assert.Equal(2, await CountedAsync(storage, "t1"));
        Assert.Equal(created, (await store.ListResultsAsync("t1")).Single(r => r.Zone == "a.example"));
        Assert.Equal(2, (await store.ListResultsAsync("t1")).Count);
        Assert.True(await store.TryCompleteAsync("t1", Now));
        Assert.False(await store.TryCompleteAsync("t1", Now));
        Assert.Equal(MonitoringTaskStatus.Completed, (await store.GetAsync("t1"))!.Status);
    }

    [Fact]
    public async Task Concurrent_results_each_delivered_twice_are_counted_exactly_once()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableTaskStore(storage.Tables, storage.Names);
        var zones = Enumerable.Range(0, 40).Select(i => $"z{i}.example").ToArray();
        await store.CreateAsync(new MonitoringTask("t1", "acc", TaskKind.Enable, false, MonitoringTaskStatus.Running, 40, Now, null), zones);

        var done = await Task.WhenAll(zones.Concat(zones).Select(z => store.RecordResultAsync(new ZoneResult("t1", z, ZoneChange.Fail("x"), Now), 40, null)));

        Assert.Contains(true, done);
        Assert.True(await store.AllCountedAsync("t1"));
        Assert.Equal(40, await CountedAsync(storage, "t1"));
        Assert.Equal(40, (await store.ListResultsAsync("t1")).Count);
    }

    [Fact]
    public async Task Zones_plans_dispatch_and_the_completion_time_are_kept_for_a_retry()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableTaskStore(storage.Tables, storage.Names);
        var zones = Enumerable.Range(0, 150).Select(i => $"z{i}.example").ToArray();
        await store.CreateAsync(new MonitoringTask("t1", "acc", TaskKind.Enable, false, MonitoringTaskStatus.Running, zones.Length, Now, null), zones);

        Assert.Equal(zones.Order(StringComparer.Ordinal), (await store.ListZonesAsync("t1")).Order(StringComparer.Ordinal));
        Assert.Null((await store.GetAsync("t1"))!.DispatchedAt);
        Assert.Equal(["t1"], (await store.ListRunningAsync()).Select(t => t.Id));

        var plan = new ZonePlan("t1", "z1.example", new ZoneChange(Outcome.Updated, null, null, "v=DMARC1; p=none", "v=DMARC1; p=none; rua=mailto:r@x.example"), Now);
        var kept = await store.TryAddPlanAsync(plan);
        Assert.Equal(plan, kept with { Version = null });
        Assert.Equal(plan, (await store.TryAddPlanAsync(plan with { At = Now.AddMinutes(1) })) with { Version = null });
        Assert.Equal(new ZoneProgress(kept, false), await store.GetProgressAsync("t1", "z1.example"));
        var replaced = await store.ReplacePlanAsync(kept with { At = Now.AddMinutes(2) });
        Assert.Equal(Now.AddMinutes(2), (await store.GetProgressAsync("t1", "z1.example")).Plan!.At);
        Assert.Equal(new ZoneProgress(null, false), await store.GetProgressAsync("t1", "z2.example"));
        Assert.Empty(await store.ListResultsAsync("t1"));

        // The plan's first version is stale after the replace: the result still replaces the plan, once.
        Assert.False(await store.RecordResultAsync(new ZoneResult("t1", "z1.example", plan.Change, Now), zones.Length, kept.Version));
        Assert.NotEqual(kept.Version, replaced.Version);
        Assert.Equal(new ZoneProgress(null, true), await store.GetProgressAsync("t1", "z1.example"));
        Assert.Equal(1, await CountedAsync(storage, "t1"));

        await store.MarkDispatchedAsync("t1", Now, resumed: false);
        await store.MarkDispatchedAsync("t1", Now.AddMinutes(1), resumed: true);
        var dispatched = (await store.GetAsync("t1"))!;
        Assert.Equal((Now.AddMinutes(1), 1), (dispatched.DispatchedAt, dispatched.Resumes));

        Assert.Equal(Now, await store.BeginCompletionAsync("t1", Now));
        Assert.Equal(Now, await store.BeginCompletionAsync("t1", Now.AddMinutes(5)));
        Assert.Null((await store.GetAsync("t1"))!.CompletedAt);
        Assert.True(await store.TryCompleteAsync("t1", Now.AddMinutes(5)));
        Assert.Equal(Now, (await store.GetAsync("t1"))!.CompletedAt);
        Assert.Empty(await store.ListRunningAsync());
    }

    /// <summary>The task's counter shards added up, read straight from the table.</summary>
    private static async Task<int> CountedAsync(AzuriteStorage storage, string taskId)
    {
        var total = 0;
        await foreach (var row in storage.Tables.GetTableClient(storage.Names.Table(StorageNames.TaskResults)).QueryAsync<TableEntity>(e => e.PartitionKey == taskId))
        {
            if (row.RowKey.StartsWith('~'))
            {
                total += row.GetInt32("Processed") ?? 0;
            }
        }

        return total;
    }
}
