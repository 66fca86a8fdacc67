using System.IO.Compression;
using Dmarc.Core.Ingestion;
using MimeKit;

namespace Dmarc.Core.Reports;

/// <summary>One XML document found in an input, and where it was found.</summary>
public sealed record ExtractedXml(string Source, ReadOnlyMemory<byte> Content);

/// <summary>
/// Finds the XML reports in an input by content, not name: plain XML, gzip (trailing junk
/// tolerated), zip (every XML entry) and MIME e-mail (every part, nested messages included).
/// The documents come one at a time, each inflated only when the caller asks for it, so only
/// the part in hand is held. Sizes are checked while streaming: each part against
/// <see cref="ReportLimits.MaxDecompressedBytes"/>, all of them together against
/// <see cref="ReportLimits.MaxDocumentDecompressedBytes"/>.
/// </summary>
public static class ReportExtractor
{
    private const int MaxNesting = 4;

    public static IEnumerable<ExtractedXml> Extract(byte[] input, ReportLimits limits, string source = "input")
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(limits);
        if (input.LongLength > limits.MaxCompressedBytes)
        {
            throw new ReportFormatException($"{source} is {input.LongLength} bytes, over the limit of {limits.MaxCompressedBytes}.");
        }

        return ExtractLazily(input, new Walker(limits, new DecompressionBudget(limits.MaxDocumentDecompressedBytes, source)), source);
    }

    private static IEnumerable<ExtractedXml> ExtractLazily(byte[] input, Walker walker, string source)
    {
        var any = false;
        foreach (var xml in walker.Walk(input, source, 0))
        {
            any = true;
            yield return xml;
        }

        if (!any)
        {
            throw new ReportFormatException($"{source} holds no XML report.");
        }
    }

    private sealed class Walker(ReportLimits limits, DecompressionBudget budget)
    {
        public IEnumerable<ExtractedXml> Walk(ReadOnlyMemory<byte> data, string source, int nesting)
        {
            if (nesting > MaxNesting)
            {
                throw new ReportFormatException($"{source} nests containers more than {MaxNesting} deep.");
            }

            return Detect(data) switch
            {
                ReportFormat.Xml => [new ExtractedXml(source, data)],
                ReportFormat.Gzip => Gunzipped(data, source, nesting),
                ReportFormat.Zip => Unzip(data, source, nesting),
                ReportFormat.Mime => WalkMessage(data, source, nesting),
                _ => throw new ReportFormatException(data.Length == 0 ? $"{source} is empty." : $"{source} is not XML, gzip, zip or an e-mail."),
            };
        }

        private IEnumerable<ExtractedXml> Gunzipped(ReadOnlyMemory<byte> data, string source, int nesting)
        {
            foreach (var xml in Walk(Gunzip(data, source), source + " (gzip)", nesting + 1))
            {
                yield return xml;
            }
        }

        private ReadOnlyMemory<byte> Gunzip(ReadOnlyMemory<byte> data, string source)
        {
            var output = new MemoryStream();
            try
            {
                using var gzip = new LimitedStream(new GZipStream(ReadOnlyMemoryStream.Open(data), CompressionMode.Decompress), limits.MaxDecompressedBytes, $"{source} decompressed", budget);
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

            return new ReadOnlyMemory<byte>(output.GetBuffer(), 0, (int)output.Length);
        }

        private IEnumerable<ExtractedXml> Unzip(ReadOnlyMemory<byte> data, string source, int nesting)
        {
            ZipArchive archive;
            try
            {
                archive = new ZipArchive(ReadOnlyMemoryStream.Open(data), ZipArchiveMode.Read);
            }
            catch (InvalidDataException ex)
            {
                throw new ReportFormatException($"{source} is not a valid zip archive: {ex.Message}", ex);
            }

            using (archive)
            {
                foreach (var entry in archive.Entries.Where(e => e.Length > 0 || e.CompressedLength > 0))
                {
                    // The declared size may lie, so it only refuses early; reading counts what is really inflated.
                    if (entry.Length > limits.MaxDecompressedBytes)
                    {
                        throw new ReportFormatException($"{source} decompresses to more than {limits.MaxDecompressedBytes} bytes; reading stopped there.");
                    }

                    if (entry.Length > budget.Remaining)
                    {
                        throw budget.Exceeded();
                    }

                    var name = $"{source}/{entry.FullName}";
                    var bytes = LimitedStream.ReadAll(entry.Open(), limits.MaxDecompressedBytes, name, budget);
                    if (Detect(bytes) is ReportFormat.Unknown)
                    {
                        continue;
                    }

                    foreach (var xml in Walk(bytes, name, nesting + 1))
                    {
                        yield return xml;
                    }
                }
            }
        }

        private IEnumerable<ExtractedXml> WalkMessage(ReadOnlyMemory<byte> data, string source, int nesting)
        {
            MimeMessage message;
            try
            {
                message = MimeMessage.Load(ReadOnlyMemoryStream.Open(data));
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

                    // Transfer decoding (base64, quoted-printable) only shrinks the part: it is bounded
                    // by the input and does not draw on the decompression budget.
                    var name = $"{source}/{part.FileName ?? part.ContentType.Name ?? part.ContentType.MimeType}";
                    var bytes = LimitedStream.ReadAll(part.Content.Open(), limits.MaxDecompressedBytes, name);
                    var format = Detect(bytes);
                    var isBody = part.ContentType.IsMimeType("text", "plain") || part.ContentType.IsMimeType("text", "html");
                    if (format is not (ReportFormat.Gzip or ReportFormat.Zip) && (format != ReportFormat.Xml || isBody))
                    {
                        continue;
                    }

                    foreach (var xml in Walk(bytes, name, nesting + 1))
                    {
                        yield return xml;
                    }
                }
            }
        }

        private static ReportFormat Detect(ReadOnlyMemory<byte> data) =>
            ReportFormatSniffer.Detect(data.Span[..Math.Min(data.Length, ReportFormatSniffer.HeadLength)]);
    }
}
