using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Reports;

namespace Dmarc.Adapters.Reports;

/// <summary>
/// Inbound, archive and quarantine containers. Archive names are the SHA-256 of the content;
/// quarantined documents keep their reason in blob metadata and in the quarantine table.
/// </summary>
public sealed class BlobDocumentStore(BlobServiceClient blobs, TableServiceClient tables, StorageNames names) : IDocumentStore
{
    private const string QuarantinePartition = "quarantine";
    private readonly BlobContainerClient _inbound = blobs.GetBlobContainerClient(names.Container(StorageNames.Inbound));
    private readonly BlobContainerClient _archive = blobs.GetBlobContainerClient(names.Container(StorageNames.Archive));
    private readonly BlobContainerClient _quarantine = blobs.GetBlobContainerClient(names.Container(StorageNames.Quarantine));
    private readonly TableClient _quarantined = tables.GetTableClient(names.Table(StorageNames.QuarantineIndex));

    public async Task<InboundContent?> ReadInboundAsync(string name, long maxBytes, CancellationToken cancellationToken = default)
    {
        try
        {
            var blob = _inbound.GetBlobClient(name);
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (properties.Value.ContentLength > maxBytes)
            {
                return new InboundContent(properties.Value.ContentLength, null);
            }

            var content = await blob.DownloadContentAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.Value.ETag } }, cancellationToken);
            return new InboundContent(properties.Value.ContentLength, content.Value.Content.ToArray());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<string> ArchiveAsync(byte[] content, CancellationToken cancellationToken = default)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(content));
        try
        {
            await _archive.GetBlobClient(name).UploadAsync(new BinaryData(content), overwrite: false, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already archived: the same bytes, by construction of the name.
        }

        return name;
    }

    public async Task QuarantineAsync(QuarantinedDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        // Built before the blob is written: a reason of any length fits the index row, so no retry leaves an orphan blob.
        var row = new TableEntity(QuarantinePartition, document.Id)
        {
            ["Name"] = document.Name,
            ["Reason"] = TableText.Bound(document.Reason),
            ["Size"] = document.Size,
            ["At"] = document.At,
            ["Kind"] = document.Kind.ToString(),
        };
        // A server-side copy within the account: the document, however large, never passes through the app.
        await CopyAsync(_inbound.GetBlobClient(document.Name), _quarantine.GetBlobClient(document.Id), new Dictionary<string, string>
        {
            ["reason"] = BlobMetadata.Value(document.Reason),
            ["name"] = BlobMetadata.Value(document.Name),
        }, cancellationToken);
        await _quarantined.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<QuarantinedDocument>> ListQuarantineAsync(int max, CancellationToken cancellationToken = default)
    {
        var list = new List<QuarantinedDocument>();
        await foreach (var e in _quarantined.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {QuarantinePartition}"), cancellationToken: cancellationToken))
        {
            list.Add(new QuarantinedDocument(e.RowKey, e.GetString("Name"), e.GetString("Reason"), e.GetInt64("Size") ?? 0, e.GetDateTimeOffset("At") ?? default, KindOf(e)));
        }

        return list.OrderByDescending(q => q.At).Take(max).ToArray();
    }

    public async Task<IReadOnlyDictionary<QuarantineKind, long>> CountQuarantineAsync(CancellationToken cancellationToken = default)
    {
        var counts = Enum.GetValues<QuarantineKind>().ToDictionary(k => k, _ => 0L);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {QuarantinePartition}");
        await foreach (var e in _quarantined.QueryAsync<TableEntity>(filter, select: ["Kind"], cancellationToken: cancellationToken))
        {
            counts[KindOf(e)]++;
        }

        return counts;
    }

    private static QuarantineKind KindOf(TableEntity row) =>
        Enum.TryParse<QuarantineKind>(row.GetString("Kind"), out var kind) && Enum.IsDefined(kind) ? kind : QuarantineKind.Unrecorded;

    public async Task<bool> RetryQuarantinedAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!TableKeys.IsValid(id))
        {
            return false;
        }

        var row = await _quarantined.GetEntityIfExistsAsync<TableEntity>(QuarantinePartition, id, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return false;
        }

        await CopyAsync(_quarantine.GetBlobClient(id), _inbound.GetBlobClient(row.Value!.GetString("Name")), null, cancellationToken);
        await _quarantined.DeleteEntityAsync(QuarantinePartition, id, ETag.All, cancellationToken);
        await _quarantine.GetBlobClient(id).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>
    /// Copies a blob to another container of the same account on the server (Copy Blob, authorised by
    /// this request's own credential, as the service allows within one account) and waits until the
    /// copy is done; a copy that fails or is aborted throws.
    /// </summary>
    private static async Task CopyAsync(BlobClient source, BlobClient target, IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        var copy = await target.StartCopyFromUriAsync(source.Uri, new BlobCopyFromUriOptions { Metadata = metadata }, cancellationToken);
        await copy.WaitForCompletionAsync(TimeSpan.FromMilliseconds(200), cancellationToken);
        var status = (await target.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        if (status.BlobCopyStatus is not (null or CopyStatus.Success))
        {
            throw new RequestFailedException($"Copying {source.Name} to {target.BlobContainerName} ended {status.BlobCopyStatus}: {status.CopyStatusDescription}");
        }
    }

    public Task DeleteInboundAsync(string name, CancellationToken cancellationToken = default) =>
        _inbound.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
}
