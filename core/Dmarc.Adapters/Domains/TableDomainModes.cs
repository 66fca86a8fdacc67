using System.Text.Json;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Domains;

namespace Dmarc.Adapters.Domains;

/// <summary>The owner's mode per domain: partition = the encoded domain, one row.</summary>
public sealed class TableDomainModes(TableServiceClient tables, StorageNames names) : IDomainModes
{
    private const string Row = "mode";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.DomainModes));

    public async Task<DomainModeSetting?> GetAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(domain), Row, cancellationToken: cancellationToken);
        return row.HasValue && Enum.TryParse<DomainMode>(row.Value!.GetString("Mode"), out var mode)
            ? new DomainModeSetting(domain, row.Value.GetString("AccountId"), mode, row.Value.GetString("RecordBeforeBlock"), row.Value.GetDateTimeOffset("ChangedAt") ?? default)
            {
                ZoneBeforeBlock = row.Value.GetString("ZoneBeforeBlock") is { } zone ? JsonSerializer.Deserialize<List<LockedSet>>(zone, Json) : null,
                ZoneLocked = row.Value.GetString("ZoneLocked") is { } locked ? JsonSerializer.Deserialize<List<Dmarc.Core.Dns.RecordSet>>(locked, Json) : null,
            }
            : null;
    }

    public Task UpsertAsync(DomainModeSetting setting, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return _table.UpsertEntityAsync(new TableEntity(TableKeys.Encode(setting.Domain), Row)
        {
            ["AccountId"] = setting.AccountId,
            ["Mode"] = setting.Mode.ToString(),
            ["RecordBeforeBlock"] = setting.RecordBeforeBlock is null ? null : TableText.Bound(setting.RecordBeforeBlock, TableText.MaxPropertyChars),
            ["ChangedAt"] = setting.ChangedAt,
            // Kept whole (a lock's three record sets stay far below the 64 KiB a property may hold), as the unlock writes them back byte for byte.
            ["ZoneBeforeBlock"] = setting.ZoneBeforeBlock is null ? null : JsonSerializer.Serialize(setting.ZoneBeforeBlock, Json),
            ["ZoneLocked"] = setting.ZoneLocked is null ? null : JsonSerializer.Serialize(setting.ZoneLocked, Json),
        }, TableUpdateMode.Replace, cancellationToken);
    }
}
