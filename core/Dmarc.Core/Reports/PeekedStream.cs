namespace Dmarc.Core.Reports;

/// <summary>
/// The first bytes of a stream, read to tell its format, and a stream that still yields every
/// byte: a seekable stream is rewound, any other replays the head before the rest.
/// </summary>
internal sealed class PeekedStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly byte[] _head;
    private int _replayed;

    private PeekedStream(Stream inner, byte[] head)
    {
        _inner = inner;
        _head = head;
    }

    /// <summary>Reads up to <paramref name="length"/> bytes of <paramref name="source"/>; the stream returned starts from the first byte again.</summary>
    public static (byte[] Head, Stream Stream) Peek(Stream source, int length)
    {
        var start = source.CanSeek ? source.Position : 0;
        var buffer = new byte[length];
        var read = 0;
        int n;
        while (read < length && (n = source.Read(buffer, read, length - read)) > 0)
        {
            read += n;
        }

        var head = buffer.AsSpan(0, read).ToArray();
        if (source.CanSeek)
        {
            source.Position = start;
            return (head, source);
        }

        return (head, new PeekedStream(source, head));
    }

    public override int Read(Span<byte> buffer)
    {
        if (_replayed < _head.Length)
        {
            var n = Math.Min(buffer.Length, _head.Length - _replayed);
            _head.AsSpan(_replayed, n).CopyTo(buffer);
            _replayed += n;
            return n;
        }

        return _inner.Read(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
