using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Operations;

namespace Dmarc.Adapters.Operations;

/// <summary>The last run of each timer function in Table Storage: one partition, one row per function (replaced by each run).</summary>
public sealed class TableTimerRuns(TableServiceClient tables, StorageNames names) : ITimerRuns
{
    private const string Partition = "timers";
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.TimerRuns));

    public Task RecordAsync(TimerRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var entity = new TableEntity(Partition, run.Function)
        {
            ["StartedAt"] = run.StartedAt.ToUniversalTime(),
            ["DurationMs"] = (long)run.Duration.TotalMilliseconds,
            ["Succeeded"] = run.Succeeded,
            ["Error"] = run.Error is null ? null : TableText.Bound(run.Error),
        };
        return _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<TimerRun>> ListAsync(CancellationToken cancellationToken = default)
    {
        var runs = new List<TimerRun>();
        await foreach (var e in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            runs.Add(new TimerRun(
                e.RowKey,
                e.GetDateTimeOffset("StartedAt") ?? default,
                TimeSpan.FromMilliseconds(e.GetInt64("DurationMs") ?? 0),
                e.GetBoolean("Succeeded") ?? false,
                e.GetString("Error")));
        }

        return runs;
    }
}
