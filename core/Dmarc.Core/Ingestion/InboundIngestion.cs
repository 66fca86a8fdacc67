using Microsoft.Extensions.Logging;

namespace Dmarc.Core.Ingestion;

/// <summary>Looks at one inbound document and records its name, size and format.</summary>
public sealed partial class InboundIngestion(
    IInboundDocuments documents,
    IInboundReceipts receipts,
    TimeProvider time,
    ILogger<InboundIngestion> logger)
{
    /// <summary>Returns the receipt, or null when the document no longer exists.</summary>
    public async Task<InboundReceipt?> IngestAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var head = await documents.ReadHeadAsync(name, ReportFormatSniffer.HeadLength, cancellationToken);
        if (head is null)
        {
            LogMissing(name);
            return null;
        }

        var receipt = new InboundReceipt(name, head.Size, ReportFormatSniffer.Detect(head.Head.Span), time.GetUtcNow());
        await receipts.UpsertAsync(receipt, cancellationToken);
        LogRecorded(name, receipt.Size, receipt.Format);
        return receipt;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound document {Name} is gone; nothing to ingest")]
    private partial void LogMissing(string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound document {Name}: {Size} bytes, format {Format}")]
    private partial void LogRecorded(string name, long size, ReportFormat format);
}
