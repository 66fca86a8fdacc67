namespace Dmarc.Core.Ingestion;

/// <summary>Port: the inbound documents (blobs in the <c>inbound</c> container).</summary>
public interface IInboundDocuments
{
    /// <summary>Reads the first <paramref name="headLength"/> bytes and the total size, or null if the document is gone.</summary>
    Task<InboundHead?> ReadHeadAsync(string name, int headLength, CancellationToken cancellationToken = default);
}

/// <summary>The leading bytes and total size of a document.</summary>
public sealed record InboundHead(ReadOnlyMemory<byte> Head, long Size);
