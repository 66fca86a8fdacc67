using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Alerts;

namespace Dmarc.Adapters.Alerts;

/// <summary>Smart alert events not yet delivered: one partition, row = SHA-256 of the event id, the event as JSON (a few hundred characters).</summary>
public sealed class TablePendingAlertEvents(TableServiceClient tables, StorageNames names) : IPendingAlertEvents
{
    private const string Partition = "pending";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.AlertEvents));

    public Task AddAsync(string id, AlertEvent alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return _table.UpsertEntityAsync(new TableEntity(Partition, Row(id))
        {
            ["Id"] = TableText.Bound(id),
            ["Event"] = TableText.Bound(JsonSerializer.Serialize(alert, Json), 30_000),
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<(string Id, AlertEvent Alert)>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<(string, AlertEvent)>();
        await foreach (var e in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            if (JsonSerializer.Deserialize<AlertEvent>(e.GetString("Event"), Json) is { } alert)
            {
                list.Add((e.GetString("Id"), alert));
            }
        }

        return list;
    }

    public async Task RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await _table.DeleteEntityAsync(Partition, Row(id), Azure.ETag.All, cancellationToken);
    }

    private static string Row(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}
