using System.IO.Compression;
using Dmarc.Core.Ingestion;
using MimeKit;

namespace Dmarc.Core.Reports;

/// <summary>One XML document found in an input, and where it was found.</summary>
public sealed record ExtractedXml(string Source, byte[] Content);

/// <summary>
/// Finds the XML reports in an input by content, not name: plain XML, gzip (trailing junk
/// tolerated), zip (every XML entry) and MIME e-mail (every part, nested messages included).
/// Sizes are checked while streaming.
/// </summary>
public static class ReportExtractor
{
    private const int MaxNesting = 4;

    public static IReadOnlyList<ExtractedXml> Extract(byte[] input, ReportLimits limits, string source = "input")
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(limits);
        if (input.LongLength > limits.MaxCompressedBytes)
        {
            throw new ReportFormatException($"{source} is {input.LongLength} bytes, over the limit of {limits.MaxCompressedBytes}.");
        }

        var found = new List<ExtractedXml>();
        Walk(input, limits, source, found, 0);
        return found.Count > 0 ? found : throw new ReportFormatException($"{source} holds no XML report.");
    }

    private static void Walk(byte[] data, ReportLimits limits, string source, List<ExtractedXml> found, int nesting)
    {
        if (nesting > MaxNesting)
        {
            throw new ReportFormatException($"{source} nests containers more than {MaxNesting} deep.");
        }

        var head = data.AsSpan(0, Math.Min(data.Length, ReportFormatSniffer.HeadLength));
        switch (ReportFormatSniffer.Detect(head))
        {
            case ReportFormat.Xml:
                found.Add(new ExtractedXml(source, data));
                break;
            case ReportFormat.Gzip:
                Walk(Gunzip(data, limits, source), limits, source + " (gzip)", found, nesting + 1);
                break;
            case ReportFormat.Zip:
                Unzip(data, limits, source, found, nesting);
                break;
            case ReportFormat.Mime:
                WalkMessage(data, limits, source, found, nesting);
                break;
            default:
                throw new ReportFormatException(data.Length == 0 ? $"{source} is empty." : $"{source} is not XML, gzip, zip or an e-mail.");
        }
    }

    private static byte[] Gunzip(byte[] data, ReportLimits limits, string source)
    {
        using var output = new MemoryStream();
        try
        {
            using var gzip = new LimitedStream(new GZipStream(new MemoryStream(data), CompressionMode.Decompress), limits.MaxDecompressedBytes, $"{source} decompressed");
            gzip.CopyTo(output);
        }
        catch (InvalidDataException) when (output.Length > 0)
        {
            // Junk after a complete gzip member (some reporters append it): keep what was inflated.
        }
        catch (InvalidDataException ex)
        {
            throw new ReportFormatException($"{source} is not a valid gzip stream: {ex.Message}", ex);
        }

        return output.ToArray();
    }

    private static void Unzip(byte[] data, ReportLimits limits, string source, List<ExtractedXml> found, int nesting)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(data), ZipArchiveMode.Read);
        }
        catch (InvalidDataException ex)
        {
            throw new ReportFormatException($"{source} is not a valid zip archive: {ex.Message}", ex);
        }

        using (archive)
        {
            long total = 0;
            foreach (var entry in archive.Entries.Where(e => e.Length > 0 || e.CompressedLength > 0))
            {
                total += entry.Length;
                if (total > limits.MaxDecompressedBytes)
                {
                    throw new ReportFormatException($"{source} decompresses to more than {limits.MaxDecompressedBytes} bytes; reading stopped there.");
                }

                var bytes = LimitedStream.ReadAll(entry.Open(), limits.MaxDecompressedBytes, $"{source}/{entry.FullName}");
                if (ReportFormatSniffer.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, ReportFormatSniffer.HeadLength))) is not ReportFormat.Unknown)
                {
                    Walk(bytes, limits, $"{source}/{entry.FullName}", found, nesting + 1);
                }
            }
        }
    }

    private static void WalkMessage(byte[] data, ReportLimits limits, string source, List<ExtractedXml> found, int nesting)
    {
        MimeMessage message;
        try
        {
            message = MimeMessage.Load(new MemoryStream(data));
        }
        catch (FormatException ex)
        {
            throw new ReportFormatException($"{source} is not a valid e-mail: {ex.Message}", ex);
        }

        using (message)
        {
            var iterator = new MimeIterator(message);
            while (iterator.MoveNext())
            {
                if (iterator.Current is not MimePart { Content: not null } part)
                {
                    continue;
                }

                var name = part.FileName ?? part.ContentType.Name ?? part.ContentType.MimeType;
                var bytes = LimitedStream.ReadAll(part.Content.Open(), limits.MaxDecompressedBytes, $"{source}/{name}");
                var format = ReportFormatSniffer.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, ReportFormatSniffer.HeadLength)));
                var isBody = part.ContentType.IsMimeType("text", "plain") || part.ContentType.IsMimeType("text", "html");
                if (format is ReportFormat.Gzip or ReportFormat.Zip || (format == ReportFormat.Xml && !isBody))
                {
                    Walk(bytes, limits, $"{source}/{name}", found, nesting + 1);
                }
            }
        }
    }
}
