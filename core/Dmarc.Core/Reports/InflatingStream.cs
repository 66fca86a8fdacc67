using System.IO.Compression;

namespace Dmarc.Core.Reports;

/// <summary>
/// A decompressing stream whose corrupt data becomes a <see cref="ReportFormatException"/> with the
/// part named, so a bad archive is quarantined with a reason rather than retried. For gzip, junk
/// after a complete member (some reporters append it) ends the stream instead: what was already
/// inflated stands.
/// </summary>
internal sealed class InflatingStream(Stream inflating, string what, bool junkAfterDataEnds) : ReadOnlyStream
{
    private long _read;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public static Stream Gunzip(Stream compressed, string source) =>
        new InflatingStream(new GZipStream(compressed, CompressionMode.Decompress), source, junkAfterDataEnds: true);

    public override int Read(Span<byte> buffer)
    {
        try
        {
            var n = inflating.Read(buffer);
            _read += n;
            return n;
        }
        catch (InvalidDataException) when (junkAfterDataEnds && _read > 0)
        {
            return 0;
        }
        catch (InvalidDataException ex)
        {
            throw new ReportFormatException(junkAfterDataEnds ? $"{what} is not a valid gzip stream: {ex.Message}" : $"{what} cannot be inflated: {ex.Message}", ex) { NamesPart = true };
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inflating.Dispose();
        }

        base.Dispose(disposing);
    }
}
