using System.IO.Compression;
using Dmarc.Core.Ingestion;
using MimeKit;

namespace Dmarc.Core.Reports;

/// <summary>One XML document found in an input, and where it was found; its content can be read until the next one is asked for.</summary>
public sealed record ExtractedXml(string Source, Stream Content);

/// <summary>
/// Finds the XML reports in an input by content, not name: plain XML, gzip (trailing junk
/// tolerated), zip (every XML entry) and MIME e-mail (every part, nested messages included).
/// Every layer is a stream over the one below: a document is inflated while its reader reads
/// it, and no decompressed part is ever held whole. Sizes are checked while streaming: each part
/// against <see cref="ReportLimits.MaxDecompressedBytes"/>, all of them together against
/// <see cref="ReportLimits.MaxDocumentDecompressedBytes"/>.
/// </summary>
public static class ReportExtractor
{
    private const int MaxNesting = 4;

    /// <summary>Report archives hold one entry; a few are tolerated (a readme beside it), more are refused.</summary>
    private const int MaxZipEntries = 16;

    /// <summary>A report e-mail has a body and an attachment or two; forwarded ones nest a few levels.</summary>
    private const int MaxMimeEntities = 100;

    private const int MaxMimeDepth = 8;

    public static IEnumerable<ExtractedXml> Extract(byte[] input, ReportLimits limits, string source = "input")
    {
        ArgumentNullException.ThrowIfNull(input);
        return Extract(new MemoryStream(input, writable: false), limits, source);
    }

    /// <summary>The documents in <paramref name="input"/>, one at a time; a seekable input (bytes in memory) is read in place, never copied.</summary>
    public static IEnumerable<ExtractedXml> Extract(Stream input, ReportLimits limits, string source = "input")
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(limits);
        if (input.CanSeek && input.Length - input.Position > limits.MaxCompressedBytes)
        {
            throw new ReportFormatException($"{source} is {input.Length - input.Position} bytes, over the limit of {limits.MaxCompressedBytes}.");
        }

        var bounded = input.CanSeek ? input : new LimitedStream(input, limits.MaxCompressedBytes, source);
        return ExtractLazily(bounded, new Walker(limits, new DecompressionBudget(limits.MaxDocumentDecompressedBytes, source)), source);
    }

    private static IEnumerable<ExtractedXml> ExtractLazily(Stream input, Walker walker, string source)
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
        public IEnumerable<ExtractedXml> Walk(Stream data, string source, int nesting)
        {
            if (nesting > MaxNesting)
            {
                throw new ReportFormatException($"{source} nests containers more than {MaxNesting} deep.");
            }

            var (head, stream) = PeekedStream.Peek(data, ReportFormatSniffer.HeadLength);
            return ReportFormatSniffer.Detect(head) switch
            {
                ReportFormat.Xml => [new ExtractedXml(source, stream)],
                ReportFormat.Gzip => Gunzipped(stream, source, nesting),
                ReportFormat.Zip => Unzip(stream, source, nesting),
                ReportFormat.Mime => WalkMessage(stream, source, nesting),
                _ => throw new ReportFormatException(head.Length == 0 ? $"{source} is empty." : $"{source} is not XML, gzip, zip or an e-mail."),
            };
        }

        private IEnumerable<ExtractedXml> Gunzipped(Stream data, string source, int nesting)
        {
            using var inflated = new LimitedStream(InflatingStream.Gunzip(data, source), limits.MaxDecompressedBytes, $"{source} decompressed", budget);
            foreach (var xml in Walk(inflated, source + " (gzip)", nesting + 1))
            {
                yield return xml;
            }
        }

        private IEnumerable<ExtractedXml> Unzip(Stream data, string source, int nesting)
        {
            ZipArchive archive;
            try
            {
                // A zip inside a compressed layer is not seekable: the archive then keeps its (compressed) bytes, bounded by that layer's limit.
                archive = new ZipArchive(data, ZipArchiveMode.Read, leaveOpen: true);
            }
            catch (InvalidDataException ex)
            {
                throw new ReportFormatException($"{source} is not a valid zip archive: {ex.Message}", ex);
            }

            using (archive)
            {
                foreach (var entry in Entries(archive, source))
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
                    using var content = new LimitedStream(new InflatingStream(Open(entry, name), name, junkAfterDataEnds: false), limits.MaxDecompressedBytes, name, budget);
                    var (head, stream) = PeekedStream.Peek(content, ReportFormatSniffer.HeadLength);
                    if (ReportFormatSniffer.Detect(head) is ReportFormat.Unknown)
                    {
                        continue;
                    }

                    foreach (var xml in Walk(stream, name, nesting + 1))
                    {
                        yield return xml;
                    }
                }
            }
        }

        /// <summary>
        /// The entries that hold something, after the archive's central directory is read whole and
        /// checked: a corrupt directory, more entries than a report archive has, or an entry name
        /// that points outside the archive refuse the document.
        /// </summary>
        private static List<ZipArchiveEntry> Entries(ZipArchive archive, string source)
        {
            System.Collections.ObjectModel.ReadOnlyCollection<ZipArchiveEntry> entries;
            try
            {
                entries = archive.Entries;
            }
            catch (InvalidDataException ex)
            {
                throw new ReportFormatException($"{source} is not a valid zip archive: {ex.Message}", ex);
            }

            if (entries.Count > MaxZipEntries)
            {
                throw new ReportFormatException($"{source} holds {entries.Count} entries; a report archive holds one, and more than {MaxZipEntries} are refused.");
            }

            foreach (var entry in entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                if (name.StartsWith('/') || name.Split('/').Contains("..") || (name.Length > 1 && name[1] == ':'))
                {
                    throw new ReportFormatException($"{source} holds an entry named '{ReportFormatException.Shown(entry.FullName)}', which points outside the archive.");
                }
            }

            return [.. entries.Where(e => e.Length > 0 || e.CompressedLength > 0)];
        }

        private static Stream Open(ZipArchiveEntry entry, string name)
        {
            try
            {
                return entry.Open();
            }
            catch (InvalidDataException ex)
            {
                throw new ReportFormatException($"{name} cannot be inflated: {ex.Message}", ex);
            }
        }

        private IEnumerable<ExtractedXml> WalkMessage(Stream data, string source, int nesting)
        {
            MimeMessage message;
            try
            {
                // Persistent: parts of a seekable input are read where they are, not copied out.
                message = MimeMessage.Load(data, persistent: data.CanSeek);
            }
            catch (FormatException ex)
            {
                throw new ReportFormatException($"{source} is not a valid e-mail: {ex.Message}", ex);
            }

            using (message)
            {
                var iterator = new MimeIterator(message);
                var entities = 0;
                while (iterator.MoveNext())
                {
                    if (++entities > MaxMimeEntities)
                    {
                        throw new ReportFormatException($"{source} holds more than {MaxMimeEntities} MIME parts; a report e-mail holds a few.");
                    }

                    if (iterator.Depth > MaxMimeDepth)
                    {
                        throw new ReportFormatException($"{source} nests MIME parts more than {MaxMimeDepth} deep.");
                    }

                    if (iterator.Current is not MimePart { Content: not null } part)
                    {
                        continue;
                    }

                    // Transfer decoding (base64, quoted-printable) only shrinks the part: it is bounded
                    // by the input and does not draw on the decompression budget.
                    var name = $"{source}/{part.FileName ?? part.ContentType.Name ?? part.ContentType.MimeType}";
                    using var content = new LimitedStream(part.Content.Open(), limits.MaxDecompressedBytes, name);
                    var (head, stream) = PeekedStream.Peek(content, ReportFormatSniffer.HeadLength);
                    var format = ReportFormatSniffer.Detect(head);
                    var isBody = part.ContentType.IsMimeType("text", "plain") || part.ContentType.IsMimeType("text", "html");
                    if (format is not (ReportFormat.Gzip or ReportFormat.Zip) && (format != ReportFormat.Xml || isBody))
                    {
                        continue;
                    }

                    foreach (var xml in Walk(stream, name, nesting + 1))
                    {
                        yield return xml;
                    }
                }
            }
        }
    }
}
