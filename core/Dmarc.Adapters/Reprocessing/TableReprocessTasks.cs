using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Reports.Reprocessing;

namespace Dmarc.Adapters.Reprocessing;

/// <summary>Reprocess tasks, one row each (partition "reprocess", row the task id); updates carry the row's ETag.</summary>
public sealed class TableReprocessTasks(TableServiceClient tables, StorageNames names) : IReprocessTasks
{
    private const string Partition = "reprocess";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.ReprocessTasks));

    public Task CreateAsync(ReprocessTask task, CancellationToken cancellationToken = default) =>
        _table.AddEntityAsync(ToEntity(task), cancellationToken);

    public async Task<VersionedReprocessTask?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!TableKeys.IsValid(id))
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return row.HasValue ? new VersionedReprocessTask(Read(row.Value!), row.Value!.ETag.ToString()) : null;
    }

    public async Task<bool> TryUpdateAsync(ReprocessTask task, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            await _table.UpdateEntityAsync(ToEntity(task), new ETag(version), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(ReprocessTask t) => new(Partition, t.Id)
    {
        ["Scope"] = JsonSerializer.Serialize(t.Scope, Json),
        ["Status"] = t.Status.ToString(),
        ["Cursor"] = t.Cursor,
        ["Pages"] = t.Pages,
        ["Documents"] = t.Documents,
        ["Reports"] = t.Reports,
        ["Rewritten"] = t.Rewritten,
        ["Unreadable"] = t.Unreadable,
        ["CreatedAt"] = t.CreatedAt,
        ["CompletedAt"] = t.CompletedAt,
    };

    private static ReprocessTask Read(TableEntity e) => new(
        e.RowKey,
        JsonSerializer.Deserialize<ReprocessScope>(e.GetString("Scope") ?? "{}", Json) ?? new ReprocessScope(),
        Enum.TryParse<ReprocessStatus>(e.GetString("Status"), out var status) ? status : ReprocessStatus.Running,
        e.GetString("Cursor"),
        e.GetInt32("Pages") ?? 0,
        e.GetInt32("Documents") ?? 0,
        e.GetInt32("Reports") ?? 0,
        e.GetInt32("Rewritten") ?? 0,
        e.GetInt32("Unreadable") ?? 0,
        e.GetDateTimeOffset("CreatedAt") ?? default,
        e.GetDateTimeOffset("CompletedAt"));
}
