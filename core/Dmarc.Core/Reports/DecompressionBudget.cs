namespace Dmarc.Core.Reports;

/// <summary>
/// The decompressed bytes one document may produce in all: every inflated part, zip entry and
/// nested message draws on the same budget, so many small parts cannot add up to a bomb.
/// </summary>
internal sealed class DecompressionBudget(long limit, string document)
{
    public long Used { get; private set; }

    public long Remaining => limit - Used;

    /// <summary>Takes <paramref name="bytes"/> from the budget, or fails with the reason once it is spent.</summary>
    public void Take(long bytes)
    {
        Used += bytes;
        if (Used > limit)
        {
            throw Exceeded();
        }
    }

    public ReportFormatException Exceeded() => new(
        $"{document} decompresses to more than {limit} bytes in all parts together (limit {ReportLimits.Section}:{nameof(ReportLimits.MaxDocumentDecompressedBytes)}); reading stopped there.") { NamesPart = true };
}
