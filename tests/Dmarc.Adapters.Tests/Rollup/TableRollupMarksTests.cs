using Dmarc.Adapters.Rollup;
using Dmarc.Core.Rollup;

namespace Dmarc.Adapters.Tests.Rollup;

public class TableRollupMarksTests
{
    private static readonly DateOnly Day = new(2026, 11, 30);

    [Fact]
    public async Task Marks_are_read_and_cleared_but_one_written_again_since_stays()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var marks = new TableRollupMarks(storage.Tables, storage.Names);
        var odd = new RollupMark("xn--bcher-kva.example", Day.AddDays(-3), "report/with?odd#key");
        await marks.MarkAsync([new RollupMark("example.com", Day, "r1"), new RollupMark("example.com", Day, "r2"), odd, odd]);

        var pending = await marks.PendingAsync(10);
        Assert.Equal(3, pending.Count);
        Assert.Contains(odd, pending.Select(p => p.Mark));
        await marks.MarkAsync([new RollupMark("example.com", Day, "r2")]); // a report landed again meanwhile
        await marks.ClearAsync(pending);
        await marks.ClearAsync(pending); // a second instance clearing the same marks finds them gone

        Assert.Equal([new RollupMark("example.com", Day, "r2")], (await marks.PendingAsync(10)).Select(p => p.Mark));
    }

    [Fact]
    public async Task Pending_reads_at_most_the_number_asked_for()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var marks = new TableRollupMarks(storage.Tables, storage.Names);
        await marks.MarkAsync([.. Enumerable.Range(0, 150).Select(i => new RollupMark("example.com", Day.AddDays(-i), "r"))]);

        var first = await marks.PendingAsync(120);
        await marks.ClearAsync(first);

        Assert.Equal((120, 30), (first.Count, (await marks.PendingAsync(1000)).Count));
    }
}
