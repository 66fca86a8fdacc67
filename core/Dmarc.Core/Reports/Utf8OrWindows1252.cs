using System.Text;

namespace Dmarc.Core.Reports;

/// <summary>
/// UTF-8 in which a byte that is not part of valid UTF-8 is read as Windows-1252: reports that
/// declare UTF-8 but carry Windows-1252 text read as a person would read them, while streaming
/// (no look at the whole document first).
/// </summary>
internal static class Utf8OrWindows1252
{
    public static readonly Encoding Encoding = Create();

    private static Encoding Create()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var high = Encoding.GetEncoding(1252).GetChars(Enumerable.Range(0x80, 0x80).Select(b => (byte)b).ToArray());
        var utf8 = (Encoding)new UTF8Encoding(false).Clone();
        utf8.DecoderFallback = new Fallback(high);
        return utf8;
    }

    private sealed class Fallback(char[] high) : DecoderFallback
    {
        public override int MaxCharCount => 4;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(high);
    }

    private sealed class Buffer(char[] high) : DecoderFallbackBuffer
    {
        private readonly List<char> _chars = [];
        private int _next;

        public override int Remaining => _chars.Count - _next;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            _chars.Clear();
            _next = 0;
            foreach (var b in bytesUnknown)
            {
                _chars.Add(b < 0x80 ? (char)b : high[b - 0x80]);
            }

            return _chars.Count > 0;
        }

        public override char GetNextChar() => _next < _chars.Count ? _chars[_next++] : '\0';

        public override bool MovePrevious()
        {
            if (_next == 0)
            {
                return false;
            }

            _next--;
            return true;
        }

        public override void Reset()
        {
            _chars.Clear();
            _next = 0;
        }
    }
}
