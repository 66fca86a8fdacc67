namespace Dmarc.Core.Reports;

/// <summary>
/// Reads at most a given number of bytes from another stream and fails with a clear reason past
/// that; bytes read also draw on the document's <see cref="DecompressionBudget"/> when one is given.
/// </summary>
internal sealed class LimitedStream(Stream inner, long limit, string what, DecompressionBudget? budget = null) : ReadOnlyStream
{
    private long _read;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _read += read;
        if (_read > limit)
        {
            throw new ReportFormatException($"{what} is larger than the limit of {limit} bytes; reading stopped there.") { NamesPart = true };
        }

        budget?.Take(read);

        return read;
    }
}
