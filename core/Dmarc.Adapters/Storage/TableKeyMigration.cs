using Azure;
using Azure.Data.Tables;

namespace Dmarc.Adapters.Storage;

/// <summary>
/// Moves rows written before <see cref="TableKeys.Encode"/> was the one key encoding (issue 21)
/// to their new keys. Until then some keys were URL-safe base64 of the value (account users by
/// e-mail, hosted record sets by name, a task's zone and plan rows, inbound receipts, the source IP
/// in a contribution's row); keys that were the raw domain or zone name are unchanged, because the
/// encoding keeps host-name characters as they are. Each row's new key is computed from the values
/// the row holds itself, the row is written under it and the old row deleted, so running the
/// migration again, or after it stopped half-way, moves only what is left. Request counters are
/// not moved: they count one short window and old ones simply stop being read.
/// </summary>
public sealed class TableKeyMigration(TableServiceClient tables, StorageNames names)
{
    private static readonly string[] SystemProperties = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];

    /// <summary>Rows moved, per table.</summary>
    public async Task<IReadOnlyDictionary<string, int>> RunAsync(CancellationToken cancellationToken = default)
    {
        var moved = new Dictionary<string, int>
        {
            [StorageNames.AccountUsers] = await RekeyAsync(StorageNames.AccountUsers, AccountUser, cancellationToken),
            [StorageNames.HostedRecords] = await RekeyAsync(StorageNames.HostedRecords, HostedRecord, cancellationToken),
            [StorageNames.Tasks] = await RekeyAsync(StorageNames.Tasks, TaskRow, cancellationToken),
            [StorageNames.TaskResults] = await RekeyAsync(StorageNames.TaskResults, TaskResult, cancellationToken),
            [StorageNames.InboundReceipts] = await RekeyAsync(StorageNames.InboundReceipts, InboundReceipt, cancellationToken),
            [StorageNames.Contributions] = await RekeyAsync(StorageNames.Contributions, Contribution, cancellationToken),
        };
        return moved;
    }

    private static TableEntity? AccountUser(TableEntity e) =>
        e.GetString("Email") is { } email ? Moved(e, e.PartitionKey, TableKeys.Encode(email)) : null;

    /// <summary>Record sets only: the "$zone" and "$names|" rows were keyed by the raw name, which the encoding keeps.</summary>
    private static TableEntity? HostedRecord(TableEntity e) =>
        e.PartitionKey.StartsWith('$') || e.RowKey.StartsWith('$') || e.GetString("Name") is not { } name || e.GetString("Type") is not { } type
            ? null
            : Moved(e, e.PartitionKey, TableKeys.Encode(name) + TableKeys.Separator + type);

    private static TableEntity? TaskRow(TableEntity e) =>
        e.GetString("Zone") is not { } zone ? null
        : e.RowKey.StartsWith("zone-", StringComparison.Ordinal) ? Moved(e, e.PartitionKey, "zone-" + TableKeys.Encode(zone))
        : e.RowKey.StartsWith("plan-", StringComparison.Ordinal) ? Moved(e, e.PartitionKey, "plan-" + TableKeys.Encode(zone))
        : null;

    /// <summary>Results were keyed by the raw zone name, which the encoding keeps; they gain the "Zone" property new rows have. Counter shards ("~count-") stay.</summary>
    private static TableEntity? TaskResult(TableEntity e)
    {
        if (e.ContainsKey("Zone") || e.RowKey.StartsWith('~'))
        {
            return null;
        }

        var moved = Copy(e, e.PartitionKey, TableKeys.Encode(e.RowKey));
        moved["Zone"] = e.RowKey;
        return moved;
    }

    private static TableEntity? InboundReceipt(TableEntity e) =>
        e.GetString("Name") is { } name ? Moved(e, TableKeys.Encode(name), e.RowKey) : null;

    private static TableEntity? Contribution(TableEntity e) =>
        e.GetString("ReportKey") is { } report && e.GetString("SourceIp") is { } ip ? Moved(e, e.PartitionKey, TableKeys.Join(report, ip)) : null;

    /// <summary>The row under new keys, or null when its keys are already the new ones.</summary>
    private static TableEntity? Moved(TableEntity row, string partition, string key) =>
        (partition, key) == (row.PartitionKey, row.RowKey) ? null : Copy(row, partition, key);

    private static TableEntity Copy(TableEntity row, string partition, string key)
    {
        var copy = new TableEntity(partition, key);
        foreach (var (name, value) in row.Where(p => !SystemProperties.Contains(p.Key)))
        {
            copy[name] = value;
        }

        return copy;
    }

    private async Task<int> RekeyAsync(string baseName, Func<TableEntity, TableEntity?> rekeyed, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(names.Table(baseName));
        var moved = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (rekeyed(row) is not { } copy)
            {
                continue;
            }

            await table.UpsertEntityAsync(copy, TableUpdateMode.Replace, cancellationToken);
            if ((copy.PartitionKey, copy.RowKey) != (row.PartitionKey, row.RowKey))
            {
                try
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // Moved by a concurrent run.
                }
            }

            moved++;
        }

        return moved;
    }
}
