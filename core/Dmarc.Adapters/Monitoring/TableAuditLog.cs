using System.Globalization;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Monitoring;

namespace Dmarc.Adapters.Monitoring;

/// <summary>The audit log: partition = account, row = inverted time + id, so the newest come first.</summary>
public sealed class TableAuditLog(TableServiceClient tables, StorageNames names) : IAuditLog
{
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.Audit));

    public Task AddAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _table.AddEntityAsync(new TableEntity(entry.AccountId, NewestFirstKey(entry.At))
        {
            ["Zone"] = entry.Zone,
            ["Name"] = entry.Name,
            ["Before"] = entry.Before,
            ["After"] = entry.After,
            ["TaskId"] = entry.TaskId,
            ["At"] = entry.At,
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string accountId, int max, CancellationToken cancellationToken = default)
    {
        var entries = new List<AuditEntry>();
        await foreach (var e in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {accountId}"), maxPerPage: max, cancellationToken: cancellationToken))
        {
            entries.Add(new AuditEntry(accountId, e.GetString("Zone"), e.GetString("Name"), e.GetString("Before"), e.GetString("After"), e.GetString("TaskId"), e.GetDateTimeOffset("At") ?? default));
            if (entries.Count >= max)
            {
                break;
            }
        }

        return entries;
    }

    /// <summary>Row key that sorts newest first: ticks counted down from the maximum, plus a unique suffix.</summary>
    internal static string NewestFirstKey(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
}
