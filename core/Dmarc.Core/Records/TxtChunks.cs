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

    /// <summary>
    /// Splits edited text so the character-strings the edit did not touch stay as they were: the
    /// strings wholly inside the unchanged start and the unchanged end are kept, and only the
    /// stretch between them is split again. So adding a few bytes to a long record and removing
    /// them again gives back the original strings, not just the original text.
    /// </summary>
    public static IReadOnlyList<string> Resplit(IReadOnlyList<string> previous, string text)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(text);
        var old = Join(previous);
        if (previous.Count == 0 || previous.Any(c => Encoding.UTF8.GetByteCount(c) > MaxChunkBytes))
        {
            return Split(text);
        }

        var prefix = 0;
        while (prefix < old.Length && prefix < text.Length && old[prefix] == text[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < old.Length - prefix && suffix < text.Length - prefix && old[^(suffix + 1)] == text[^(suffix + 1)])
        {
            suffix++;
        }

        // Keep whole strings ending before the first change (a string ending right at it takes what
        // was added there), and whole strings lying within the common end.
        var head = new List<string>();
        var at = 0;
        var i = 0;
        for (; i < previous.Count && at + previous[i].Length < prefix; i++)
        {
            head.Add(previous[i]);
            at += previous[i].Length;
        }

        var tail = new List<string>();
        var fromEnd = 0;
        for (var j = previous.Count - 1; j >= i && fromEnd + previous[j].Length <= suffix; j--)
        {
            tail.Insert(0, previous[j]);
            fromEnd += previous[j].Length;
        }

        var middle = text[at..(text.Length - fromEnd)];
        return [.. head, .. middle.Length == 0 ? [] : Split(middle), .. tail];
    }

    /// <summary>Joins character-strings back into one text, as receivers read a TXT record.</summary>
    public static string Join(IEnumerable<string> chunks) => string.Concat(chunks);
}
