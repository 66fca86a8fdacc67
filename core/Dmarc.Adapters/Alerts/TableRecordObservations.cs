using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Alerts;

namespace Dmarc.Adapters.Alerts;

/// <summary>
/// The daily state of watched records: partition = domain, row = kind | name | yyyyMMdd, so the
/// previous day's state is the last row of a key range. The values are kept as JSON, whole up to
/// 30,000 characters (DNS records, like the audit log's before/after).
/// </summary>
public sealed class TableRecordObservations(TableServiceClient tables, StorageNames names) : IRecordObservations
{
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.RecordStates));

    public Task PutAsync(RecordObservation observation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return _table.UpsertEntityAsync(new TableEntity(TableKeys.Encode(observation.Domain), Prefix(observation.Kind, observation.Name) + Day(observation.Day))
        {
            ["Name"] = TableText.Bound(observation.Name),
            ["Values"] = TableText.Bound(JsonSerializer.Serialize(observation.Values), 30_000),
            ["ReadAt"] = observation.ReadAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<RecordObservation?> LatestBeforeAsync(string domain, RecordKind kind, string name, DateOnly before, CancellationToken cancellationToken = default)
    {
        var prefix = Prefix(kind, name);
        var end = prefix + Day(before);
        TableEntity? last = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(domain)} and RowKey ge {prefix} and RowKey lt {end}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            last = e;
        }

        return last is null
            ? null
            : new RecordObservation(
                domain, kind, name,
                DateOnly.ParseExact(last.RowKey[prefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture),
                JsonSerializer.Deserialize<string[]>(last.GetString("Values")) ?? [],
                last.GetDateTimeOffset("ReadAt") ?? default);
    }

    private static string Prefix(RecordKind kind, string name) => $"{kind}{TableKeys.Separator}{TableKeys.Encode(name)}{TableKeys.Separator}";

    private static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
