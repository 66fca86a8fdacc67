using System.Text;
using Dmarc.Core.Records;

namespace Dmarc.Adapters.Dns;

/// <summary>Record content as PowerDNS writes it: absolute names end with a dot, TXT is quoted character-strings.</summary>
public static class PowerDnsText
{
    public static string Absolute(string name) => name.EndsWith('.') ? name : name + ".";

    public static string Relative(string name) => name.TrimEnd('.').ToLowerInvariant();

    /// <summary>"v=DMARC1; p=none" → "\"v=DMARC1; p=none\"", split into 255-byte strings when long.</summary>
    public static string QuoteTxt(string text) =>
        string.Join(" ", TxtChunks.Split(text).Select(chunk => "\"" + chunk.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));

    /// <summary>Joins the quoted character-strings of TXT content back into one text.</summary>
    public static string UnquoteTxt(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var text = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (c == '"')
            {
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

        return text.ToString();
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
