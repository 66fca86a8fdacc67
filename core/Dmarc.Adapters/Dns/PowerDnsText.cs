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

    /// <summary>Quotes character-strings as they are, one pair of quotes each.</summary>
    public static string QuoteTxt(IReadOnlyList<string> chunks) =>
        string.Join(" ", chunks.Select(chunk => "\"" + chunk.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));

    /// <summary>Joins the quoted character-strings of TXT content back into one text.</summary>
    public static string UnquoteTxt(string content) => string.Concat(TxtStrings(content));

    /// <summary>The character-strings of TXT content, unquoted, as the zone holds them.</summary>
    public static IReadOnlyList<string> TxtStrings(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var strings = new List<string>();
        var text = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (c == '"')
            {
                if (inQuotes)
                {
                    strings.Add(text.ToString());
                    text.Clear();
                }

                inQuotes = !inQuotes;
            }
            else if (c == '\\' && i + 1 < content.Length)
            {
                i = AppendEscape(content, i, text);
            }
            else if (inQuotes || !char.IsWhiteSpace(c))
            {
                text.Append(c);
            }
        }

        if (text.Length > 0)
        {
            strings.Add(text.ToString());
        }

        return strings;
    }

    /// <summary>Handles \" and \\ and the three-digit decimal escapes of zone files; returns the last index used.</summary>
    private static int AppendEscape(string content, int i, StringBuilder text)
    {
        if (i + 3 < content.Length && char.IsAsciiDigit(content[i + 1]) && char.IsAsciiDigit(content[i + 2]) && char.IsAsciiDigit(content[i + 3]))
        {
            text.Append((char)int.Parse(content.AsSpan(i + 1, 3), System.Globalization.CultureInfo.InvariantCulture));
            return i + 3;
        }

        text.Append(content[i + 1]);
        return i + 1;
    }
}
