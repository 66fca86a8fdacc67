using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Audit;

namespace Dmarc.Adapters.Audit;

/// <summary>
/// The activity log: partition = account (or "$admin" for every action of the admin key, and
/// "$service" for the service's own entries outside an account), row = the entry's id, which
/// sorts newest first.
/// </summary>
public sealed class TableActivityLog(TableServiceClient tables, StorageNames names) : IActivityLog
{
    private const string AdminPartition = "$admin";
    private const string ServicePartition = "$service";
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.Activity));

    public Task WriteAsync(ActivityEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var partition = entry.Actor == ActivityEntry.AdminActor ? AdminPartition : entry.AccountId ?? ServicePartition;
        return _table.UpsertEntityAsync(new TableEntity(partition, entry.Id)
        {
            ["AccountId"] = entry.AccountId,
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["Target"] = TableText.Bound(entry.Target),
            ["Outcome"] = TableText.Bound(entry.Outcome),
            ["At"] = entry.At,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public Task<IReadOnlyList<ActivityEntry>> ListAsync(string accountId, int max, CancellationToken cancellationToken = default) =>
        TableKeys.IsValid(accountId) && !accountId.StartsWith('$')
            ? ReadAsync(accountId, max, cancellationToken)
            : Task.FromResult<IReadOnlyList<ActivityEntry>>([]);

    public Task<IReadOnlyList<ActivityEntry>> ListAdminAsync(int max, CancellationToken cancellationToken = default) =>
        ReadAsync(AdminPartition, max, cancellationToken);

    private async Task<IReadOnlyList<ActivityEntry>> ReadAsync(string partition, int max, CancellationToken cancellationToken)
    {
        var rows = await TablePages.FirstAsync(
            _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: Math.Clamp(max, 1, 1000), cancellationToken: cancellationToken), max, cancellationToken);
        return rows.Select(e => new ActivityEntry(e.RowKey, e.GetString("AccountId"), e.GetString("Actor") ?? "", e.GetString("Action") ?? "", e.GetString("Target") ?? "", e.GetString("Outcome") ?? "", e.GetDateTimeOffset("At") ?? default)).ToArray();
    }
}
