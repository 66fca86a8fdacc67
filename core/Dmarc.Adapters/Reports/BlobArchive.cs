using Azure;
using Azure.Storage.Blobs;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Reports.Reprocessing;

namespace Dmarc.Adapters.Reports;

/// <summary>The archive container, listed a page at a time (the Blob service's own continuation) and read as a stream.</summary>
public sealed class BlobArchive(BlobServiceClient blobs, StorageNames names) : IArchive
{
    private readonly BlobContainerClient _archive = blobs.GetBlobContainerClient(names.Container(StorageNames.Archive));

    public async Task<(IReadOnlyList<string> Names, string? Next)> ListAsync(string? cursor, int pageSize, CancellationToken cancellationToken = default)
    {
        await foreach (var page in _archive.GetBlobsAsync(cancellationToken: cancellationToken).AsPages(string.IsNullOrEmpty(cursor) ? null : cursor, pageSize))
        {
            return ([.. page.Values.Select(b => b.Name)], string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return ([], null);
    }

    public async Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _archive.GetBlobClient(name).OpenReadAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
