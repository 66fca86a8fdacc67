using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Ingestion;

namespace Dmarc.Adapters.Ingestion;

/// <summary>
/// Received mail into the <c>inbound</c> container as <c>mail/{yyyy-MM-dd}/{sha256}.eml</c>: the
/// same bytes get the same name, so a sender's retry is one blob (the blob trigger runs once).
/// </summary>
public sealed class BlobInboundMailbox(BlobServiceClient blobs, StorageNames names, TimeProvider time) : IInboundMailbox
{
    private readonly BlobContainerClient _inbound = blobs.GetBlobContainerClient(names.Container(StorageNames.Inbound));

    public async Task<string> StoreAsync(ReadOnlyMemory<byte> message, string source, CancellationToken cancellationToken = default)
    {
        var name = $"mail/{time.GetUtcNow():yyyy-MM-dd}/{Convert.ToHexStringLower(SHA256.HashData(message.Span))}.eml";
        try
        {
            await _inbound.GetBlobClient(name).UploadAsync(
                new BinaryData(message),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "message/rfc822" },
                    Metadata = new Dictionary<string, string> { ["source"] = BlobMetadata.Value(source) },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Stored already: the same message, by construction of the name.
        }

        return name;
    }
}
