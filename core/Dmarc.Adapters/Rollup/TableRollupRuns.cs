using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Rollup;

namespace Dmarc.Adapters.Rollup;

/// <summary>Rollup runs in Table Storage: partition = UTC day, row = run time (sortable).</summary>
public sealed class TableRollupRuns(TableServiceClient tables, StorageNames names) : IRollupRuns
{
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.RollupRuns));

    public Task AddAsync(RollupRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var at = run.RanAt.ToUniversalTime();
        var entity = new TableEntity(at.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), at.ToString("O", System.Globalization.CultureInfo.InvariantCulture))
        {
            ["RanAt"] = at,
            ["IsPastDue"] = run.IsPastDue,
        };
        return _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<RollupRun>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var runs = new List<RollupRun>();
        var filter = TableClient.CreateQueryFilter($"RanAt ge {since.ToUniversalTime()}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            runs.Add(new RollupRun(e.GetDateTimeOffset("RanAt") ?? default, e.GetBoolean("IsPastDue") ?? false));
        }

        return runs.OrderBy(r => r.RanAt).ToArray();
    }
}
