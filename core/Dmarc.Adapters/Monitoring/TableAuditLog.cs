using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Monitoring;

namespace Dmarc.Adapters.Monitoring;

/// <summary>
/// The audit log: partition = account, row = inverted time + a hash of task and zone, so the newest
/// come first and the same change recorded again (a retry, with the plan's time) replaces its row.
/// </summary>
public sealed class TableAuditLog(TableServiceClient tables, StorageNames names) : IAuditLog
{
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.Audit));

    public Task AddAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _table.UpsertEntityAsync(new TableEntity(entry.AccountId, NewestFirstKey(entry.At, entry.TaskId + "\n" + entry.Zone))
        {
            ["Zone"] = entry.Zone,
            ["Name"] = entry.Name,
            ["Before"] = TableText.Bound(entry.Before, TableText.MaxPropertyChars),
            ["After"] = TableText.Bound(entry.After, TableText.MaxPropertyChars),
            ["TaskId"] = entry.TaskId,
            ["At"] = entry.At,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string accountId, int max, CancellationToken cancellationToken = default)
    {
        var rows = await TablePages.FirstAsync(
            _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {accountId}"), maxPerPage: Math.Clamp(max, 1, 1000), cancellationToken: cancellationToken), max, cancellationToken);
        return rows.Select(e => new AuditEntry(accountId, e.GetString("Zone"), e.GetString("Name"), e.GetString("Before"), e.GetString("After"), e.GetString("TaskId"), e.GetDateTimeOffset("At") ?? default)).ToArray();
    }

    /// <summary>Row key that sorts newest first: ticks counted down from the maximum, plus a suffix fixed by <paramref name="identity"/>.</summary>
    internal static string NewestFirstKey(DateTimeOffset at, string identity) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_"
        + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
}
