using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Rollup;

namespace Dmarc.Adapters.Rollup;

/// <summary>
/// The rollup lease as one table row (partition "rollup", row "lease") with its holder and expiry:
/// taken by inserting it, or by replacing an expired one with its ETag; renewed and released with
/// the ETag the holder got, so of two instances exactly one holds it at any time.
/// </summary>
public sealed class TableRollupLease(TableServiceClient tables, StorageNames names, TimeProvider time) : IRollupLease
{
    private const string Partition = "rollup";
    private const string Row = "lease";
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.RollupLeases));

    public async Task<RollupLeaseHandle?> TryAcquireAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var owner = Guid.NewGuid().ToString("N");
        try
        {
            var added = await _table.AddEntityAsync(Entity(owner, duration), cancellationToken);
            return new RollupLeaseHandle(owner, added.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table answered without an ETag."));
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var current = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
            if (current.HasValue && current.Value!.GetDateTimeOffset("Until") > time.GetUtcNow())
            {
                return null;
            }

            return current.HasValue ? await ReplaceAsync(owner, current.Value!.ETag, duration, cancellationToken) : null;
        }
    }

    public Task<RollupLeaseHandle?> RenewAsync(RollupLeaseHandle handle, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return ReplaceAsync(handle.Owner, new ETag(handle.Version), duration, cancellationToken);
    }

    public async Task ReleaseAsync(RollupLeaseHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        try
        {
            await _table.DeleteEntityAsync(Partition, Row, new ETag(handle.Version), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Expired and taken (or released) already: nothing of ours to give up.
        }
    }

    private async Task<RollupLeaseHandle?> ReplaceAsync(string owner, ETag etag, TimeSpan duration, CancellationToken cancellationToken)
    {
        try
        {
            var replaced = await _table.UpdateEntityAsync(Entity(owner, duration), etag, TableUpdateMode.Replace, cancellationToken);
            return new RollupLeaseHandle(owner, replaced.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table answered without an ETag."));
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    private TableEntity Entity(string owner, TimeSpan duration) => new(Partition, Row)
    {
        ["Owner"] = owner,
        ["Until"] = time.GetUtcNow() + duration,
    };
}
