using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Dmarc.Functions.LocalRunner;

/// <summary>The state of one blob version for one function.</summary>
public enum BlobReceiptStatus
{
    Processing,
    Failed,
    Done,
    Poisoned,
}

/// <summary>
/// Records, per function and blob version (name + ETag), whether it was delivered; claims use
/// optimistic concurrency so that each version is delivered once even with several runners.
/// </summary>
public sealed class BlobReceipts(TableClient table, TimeProvider time)
{
    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>
    /// Claims the version for one attempt. Returns the claimed receipt, or null with
    /// <c>Finished</c> telling whether it is done/poisoned (true) or busy or waiting to retry (false).
    /// </summary>
    public async Task<(TableEntity? Claimed, bool Finished)> TryClaimAsync(string function, string blobName, string etag, TimeSpan lease, CancellationToken cancellationToken)
    {
        var (pk, rk) = Keys(function, blobName, etag);
        var now = time.GetUtcNow();
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken);
        if (!existing.HasValue)
        {
            var fresh = new TableEntity(pk, rk)
            {
                ["BlobName"] = blobName,
                ["BlobETag"] = etag,
                ["Status"] = nameof(BlobReceiptStatus.Processing),
                ["Attempts"] = 0,
                ["NextAttemptAt"] = now + lease,
            };
            try
            {
                var added = await table.AddEntityAsync(fresh, cancellationToken);
                fresh.ETag = added.Headers.ETag ?? default;
                return (fresh, false);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                return (null, false);
            }
        }

        var receipt = existing.Value!;
        if (IsFinished(receipt))
        {
            return (null, true);
        }

        if (receipt.GetDateTimeOffset("NextAttemptAt") > now)
        {
            return (null, false);
        }

        receipt["Status"] = nameof(BlobReceiptStatus.Processing);
        receipt["NextAttemptAt"] = now + lease;
        try
        {
            var updated = await table.UpdateEntityAsync(receipt, receipt.ETag, TableUpdateMode.Replace, cancellationToken);
            receipt.ETag = updated.Headers.ETag ?? default;
            return (receipt, false);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return (null, false);
        }
    }

    /// <summary>True when the version is finished (done or poisoned) and need not be looked at again.</summary>
    private static bool IsFinished(TableEntity receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return receipt.GetString("Status") is nameof(BlobReceiptStatus.Done) or nameof(BlobReceiptStatus.Poisoned);
    }

    public Task CompleteAsync(TableEntity receipt, BlobReceiptStatus status, string? error, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        receipt["Status"] = status.ToString();
        receipt["Attempts"] = (receipt.GetInt32("Attempts") ?? 0) + 1;
        receipt["LastError"] = error;
        receipt["NextAttemptAt"] = time.GetUtcNow() + retryDelay;
        return table.UpdateEntityAsync(receipt, receipt.ETag, TableUpdateMode.Replace, cancellationToken);
    }

    public static string VersionKey(string blobName, string etag) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(blobName + "\n" + etag)));

    private static (string PartitionKey, string RowKey) Keys(string function, string blobName, string etag) =>
        (function, VersionKey(blobName, etag));
}
