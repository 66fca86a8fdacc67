using System.Text;
using Dmarc.Core.Records;

namespace Dmarc.Adapters.Dns;

/// <summary>Record content as PowerDNS writes it: absolute names end with a dot, TXT is quoted character-strings.</summary>
public static class PowerDnsText
{
    public static string Absolute(string name) => name.EndsWith('.') ? name : name + ".";

    public static string Relative(string name) => name.TrimEnd('.').ToLowerInvariant();

    /// <summary>"v=DMARC1; p=none" → "\"v=DMARC1; p=none\"", split into 255-byte strings when long.</summary>
    public static string QuoteTxt(string text) => QuoteTxt(TxtChunks.Split(text));

    /// <summary>
    /// Quotes character-strings, one pair of quotes each: '"' and '\\' escaped, and every byte outside
    /// printable ASCII written as a \DDD escape of its UTF-8 bytes, as zone files do.
    /// </summary>
    public static string QuoteTxt(IReadOnlyList<string> chunks) =>
        string.Join(" ", chunks.Select(chunk => "\"" + Escape(chunk) + "\""));

    /// <summary>Joins the quoted character-strings of TXT content back into one text.</summary>
    public static string UnquoteTxt(string content) => Utf8.GetString(TxtBytes(content).SelectMany(b => b).ToArray());

    /// <summary>
    /// The character-strings of TXT content as text, as the zone holds them. \DDD escapes are
    /// bytes, decoded as UTF-8; a string that ends inside a UTF-8 sequence (DNS allows that) makes
    /// the whole value one string, which the next write splits afresh.
    /// </summary>
    public static IReadOnlyList<string> TxtStrings(string content)
    {
        var chunks = TxtBytes(content);
        try
        {
            return chunks.Select(c => StrictUtf8.GetString(c)).ToArray();
        }
        catch (DecoderFallbackException)
        {
            return [Utf8.GetString(chunks.SelectMany(b => b).ToArray())];
        }
    }

    private static readonly UTF8Encoding Utf8 = new(false);
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static string Escape(string chunk)
    {
        var text = new StringBuilder();
        foreach (var b in Utf8.GetBytes(chunk))
        {
            _ = b switch
            {
                (byte)'"' => text.Append("\\\""),
                (byte)'\\' => text.Append("\\\\"),
                >= 0x20 and < 0x7f => text.Append((char)b),
                _ => text.Append('\\').Append(b.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)),
            };
        }

        return text.ToString();
    }

    /// <summary>The bytes of each quoted character-string (unquoted text outside quotes counts as one).</summary>
    private static List<byte[]> TxtBytes(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var strings = new List<byte[]>();
        var bytes = new List<byte>();
        var inQuotes = false;
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (c == '"')
            {
                if (inQuotes)
                {
                    strings.Add([.. bytes]);
                    bytes.Clear();
                }

                inQuotes = !inQuotes;
            }
            else if (c == '\\' && i + 1 < content.Length)
            {
                i = AppendEscape(content, i, bytes);
            }
            else if (inQuotes || !char.IsWhiteSpace(c))
            {
                bytes.AddRange(Utf8.GetBytes(c.ToString()));
            }
        }

        if (bytes.Count > 0)
        {
            strings.Add([.. bytes]);
        }

        return strings;
    }

    /// <summary>Handles \" and \\ and the three-digit decimal escapes (bytes) of zone files; returns the last index used.</summary>
    private static int AppendEscape(string content, int i, List<byte> bytes)
    {
        if (i + 3 < content.Length && char.IsAsciiDigit(content[i + 1]) && char.IsAsciiDigit(content[i + 2]) && char.IsAsciiDigit(content[i + 3]))
        {
            bytes.Add((byte)int.Parse(content.AsSpan(i + 1, 3), System.Globalization.CultureInfo.InvariantCulture));
            return i + 3;
        }

        bytes.AddRange(Utf8.GetBytes(content[i + 1].ToString()));
        return i + 1;
    }
}
