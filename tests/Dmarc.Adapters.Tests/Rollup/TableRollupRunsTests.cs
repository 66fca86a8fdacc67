using Dmarc.Adapters.Rollup;
using Dmarc.Core.Rollup;

namespace Dmarc.Adapters.Tests.Rollup;

public class TableRollupRunsTests
{
    [Fact]
    public async Task Runs_are_listed_in_order_from_a_time_on()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var runs = new TableRollupRuns(storage.Tables, storage.Names);
        var t0 = new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.Zero);

        await runs.AddAsync(new RollupRun(t0.AddHours(2), true));
        await runs.AddAsync(new RollupRun(t0, false));
        await runs.AddAsync(new RollupRun(t0.AddHours(1), false));

        Assert.Equal(
            [new RollupRun(t0.AddHours(1), false), new RollupRun(t0.AddHours(2), true)],
            await runs.ListSinceAsync(t0.AddMinutes(30)));
    }
}
