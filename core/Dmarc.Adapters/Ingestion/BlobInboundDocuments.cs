using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Ingestion;

namespace Dmarc.Adapters.Ingestion;

/// <summary>Reads inbound documents from the <c>inbound</c> blob container.</summary>
public sealed class BlobInboundDocuments(BlobServiceClient blobs, StorageNames names) : IInboundDocuments
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(names.Container(StorageNames.Inbound));

    public async Task<InboundHead?> ReadHeadAsync(string name, int headLength, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(headLength);
        try
        {
            var result = await _container.GetBlobClient(name).DownloadStreamingAsync(
                new BlobDownloadOptions { Range = new HttpRange(0, headLength) }, cancellationToken);
            using var download = result.Value;
            var buffer = new byte[headLength];
            var read = await download.Content.ReadAtLeastAsync(buffer, headLength, throwOnEndOfStream: false, cancellationToken);
            var size = download.Details.ContentRange is { } range && TryParseTotal(range, out var total)
                ? total
                : download.Details.ContentLength;
            return new InboundHead(buffer.AsMemory(0, read), size);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 416)
        {
            // An empty blob has no byte range to read.
            return new InboundHead(ReadOnlyMemory<byte>.Empty, 0);
        }
    }

    /// <summary>Reads the total from a Content-Range value such as "bytes 0-1023/52311".</summary>
    private static bool TryParseTotal(string contentRange, out long total)
    {
        var slash = contentRange.LastIndexOf('/');
        total = 0;
        return slash >= 0 && long.TryParse(contentRange.AsSpan(slash + 1), out total);
    }
}
