using System.Text;

namespace Dmarc.Core.Records;

/// <summary>A TXT record's text as DNS character-strings of at most 255 bytes each (RFC 1035 §3.3.14).</summary>
public static class TxtChunks
{
    public const int MaxChunkBytes = 255;

    /// <summary>Splits text into character-strings, never inside a UTF-8 sequence.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) <= MaxChunkBytes)
        {
            return [text];
        }

        var chunks = new List<string>();
        var current = new StringBuilder();
        var bytes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > MaxChunkBytes)
            {
                chunks.Add(current.ToString());
                current.Clear();
                bytes = 0;
            }

            current.Append(rune.ToString());
            bytes += rune.Utf8SequenceLength;
        }

        chunks.Add(current.ToString());
        return chunks;
    }

    /// <summary>Joins character-strings back into one text, as receivers read a TXT record.</summary>
    public static string Join(IEnumerable<string> chunks) => string.Concat(chunks);
}
