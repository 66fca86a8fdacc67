using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Enforcement;

namespace Dmarc.Adapters.Enforcement;

/// <summary>
/// Enforcement plans: partition = the encoded domain, one row "plan" holding the plan as JSON
/// (a plan and its history stay far below the 64 KiB a string property may hold). Every change is
/// conditional on the row's ETag, so two writers never both win.
/// </summary>
public sealed class TableEnforcementPlans(TableServiceClient tables, StorageNames names) : IEnforcementPlans
{
    private const string Row = "plan";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.EnforcementPlans));

    public async Task<VersionedPlan?> GetAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(domain), Row, cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task<bool> TryCreateAsync(EnforcementPlan plan, string? replacing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        try
        {
            if (replacing is null)
            {
                await _table.AddEntityAsync(ToEntity(plan), cancellationToken);
            }
            else
            {
                await _table.UpdateEntityAsync(ToEntity(plan), new ETag(replacing), TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<string?> TryUpdateAsync(EnforcementPlan plan, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        try
        {
            return (await _table.UpdateEntityAsync(ToEntity(plan), new ETag(version), TableUpdateMode.Replace, cancellationToken)).Headers.ETag?.ToString()
                ?? throw new InvalidOperationException("The table service answered an update without an ETag.");
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<VersionedPlan>> ListActiveAsync(CancellationToken cancellationToken = default)
    {
        var plans = new List<VersionedPlan>();
        await foreach (var row in _table.QueryAsync<TableEntity>($"RowKey eq '{Row}' and Status ne '{nameof(PlanStatus.Cancelled)}'", cancellationToken: cancellationToken))
        {
            plans.Add(Read(row));
        }

        return plans;
    }

    private static TableEntity ToEntity(EnforcementPlan plan) => new(TableKeys.Encode(plan.Domain), Row)
    {
        ["Status"] = plan.Status.ToString(),
        ["Plan"] = JsonSerializer.Serialize(plan, Json),
    };

    private static VersionedPlan Read(TableEntity row) =>
        new(JsonSerializer.Deserialize<EnforcementPlan>(row.GetString("Plan"), Json)!, row.ETag.ToString());
}
