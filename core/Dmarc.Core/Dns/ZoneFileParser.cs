using System.Globalization;
using System.Text;

namespace Dmarc.Core.Dns;

/// <summary>A zone file that cannot be read, with the line at fault.</summary>
public sealed class ZoneFileException(int line, string message) : FormatException($"Line {line}: {message}")
{
    public int Line { get; } = line;
}

/// <summary>
/// Reads a BIND master file (RFC 1035 §5): $ORIGIN, $TTL, comments, parentheses over several
/// lines, omitted owners, '@', relative names (owners and the host names in CNAME, NS, PTR, MX
/// and SRV data, which come out absolute with a trailing dot), optional TTL and class. SOA
/// records are left out (the provider keeps its own). Records of one name and type become one
/// record set. Which types may be written is not the parser's business (see <see cref="TenantRecordPolicy"/>).
/// </summary>
public static class ZoneFileParser
{
    private static readonly string[] Classes = ["IN", "CH", "HS", "CS"];

    public static IReadOnlyList<RecordSet> Parse(string text, string zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        var origin = DnsNames.Normalize(zone) ?? throw new ArgumentException($"'{zone}' is not a zone name.", nameof(zone));
        var ttl = RecordSet.DefaultTtl;
        string? owner = null;
        var sets = new List<(string Name, string Type, int Ttl, List<string> Values)>();

        foreach (var (line, tokens, startsBlank) in Entries(text))
        {
            if (tokens[0].Text.StartsWith('$'))
            {
                (origin, ttl) = Directive(line, tokens, origin, ttl);
                continue;
            }

            var i = 0;
            if (!startsBlank)
            {
                owner = Absolute(line, tokens[i++].Text, origin);
            }
            else if (owner is null)
            {
                throw new ZoneFileException(line, "The first record has no owner name.");
            }

            var recordTtl = ttl;
            for (var k = 0; k < 2 && i < tokens.Count && !tokens[i].Quoted; k++)
            {
                if (int.TryParse(tokens[i].Text, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
                {
                    recordTtl = t;
                    i++;
                }
                else if (Classes.Contains(tokens[i].Text, StringComparer.OrdinalIgnoreCase))
                {
                    i++;
                }
            }

            if (i >= tokens.Count)
            {
                throw new ZoneFileException(line, "The record has no type.");
            }

            var type = tokens[i++].Text.ToUpperInvariant();
            if (!type.All(char.IsAsciiLetterOrDigit))
            {
                throw new ZoneFileException(line, $"'{type}' is not a record type.");
            }

            if (i >= tokens.Count)
            {
                throw new ZoneFileException(line, $"The {type} record has no data.");
            }

            if (!DnsNames.IsAtOrBelow(owner!, DnsNames.Normalize(zone)!))
            {
                throw new ZoneFileException(line, $"{owner} is outside the zone {zone}.");
            }

            if (type == "SOA")
            {
                continue;
            }

            var fields = tokens.Skip(i).Select(t => t.Text).ToArray();
            if (HostField(type) is var host and >= 0 && host < fields.Length && fields[host] != ".")
            {
                fields[host] = Absolute(line, fields[host], origin) + ".";
            }

            var data = type == "TXT" || type == "SPF" ? string.Concat(fields) : string.Join(" ", fields);
            var set = sets.FindIndex(s => s.Name == owner && s.Type == type);
            if (set < 0)
            {
                sets.Add((owner!, type, recordTtl, [data]));
            }
            else
            {
                sets[set].Values.Add(data);
            }
        }

        return sets.Select(s => new RecordSet(s.Name, s.Type, s.Ttl, s.Values)).ToArray();
    }

    /// <summary>Which field of the data is a domain name, relative to $ORIGIN unless it ends with a dot (RFC 1035 §5.1).</summary>
    private static int HostField(string type) => type switch
    {
        "CNAME" or "NS" or "PTR" => 0,
        "MX" => 1,
        "SRV" => 3,
        _ => -1,
    };

    private static (string Origin, int Ttl) Directive(int line, List<Token> tokens, string origin, int ttl)
    {
        var name = tokens[0].Text.ToUpperInvariant();
        if (tokens.Count < 2)
        {
            throw new ZoneFileException(line, $"{name} needs a value.");
        }

        return name switch
        {
            "$ORIGIN" => (Absolute(line, tokens[1].Text, origin), ttl),
            "$TTL" => int.TryParse(tokens[1].Text, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
                ? (origin, t)
                : throw new ZoneFileException(line, $"'{tokens[1].Text}' is not a TTL in seconds."),
            _ => throw new ZoneFileException(line, $"{name} is not supported."),
        };
    }

    private static string Absolute(int line, string name, string origin)
    {
        var full = name == "@" ? origin : name.EndsWith('.') ? name : $"{name}.{origin}";
        return DnsNames.Normalize(full) ?? throw new ZoneFileException(line, $"'{name}' is not a valid name.");
    }

    private readonly record struct Token(string Text, bool Quoted);

    /// <summary>Splits the text into entries (joining parenthesised lines), each with its first line number.</summary>
    private static IEnumerable<(int Line, List<Token> Tokens, bool StartsBlank)> Entries(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var tokens = new List<Token>();
        var depth = 0;
        var start = 0;
        var startsBlank = false;
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            if (depth == 0)
            {
                start = n + 1;
                startsBlank = line.Length > 0 && char.IsWhiteSpace(line[0]);
            }

            depth = Tokenize(line, n + 1, tokens, depth);
            if (depth == 0 && tokens.Count > 0)
            {
                yield return (start, tokens, startsBlank);
                tokens = [];
            }
        }

        if (depth != 0)
        {
            throw new ZoneFileException(start, "A parenthesis is not closed.");
        }
    }

    private static int Tokenize(string line, int number, List<Token> tokens, int depth)
    {
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == ';')
            {
                break;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(' || c == ')')
            {
                depth += c == '(' ? 1 : -1;
                if (depth < 0)
                {
                    throw new ZoneFileException(number, "A ')' has no matching '('.");
                }

                i++;
            }
            else if (c == '"')
            {
                var text = new StringBuilder();
                i++;
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                    }

                    text.Append(line[i++]);
                }

                if (i >= line.Length)
                {
                    throw new ZoneFileException(number, "A quoted string is not closed.");
                }

                i++;
                tokens.Add(new Token(text.ToString(), true));
            }
            else
            {
                var from = i;
                while (i < line.Length && !char.IsWhiteSpace(line[i]) && line[i] is not ';' and not '(' and not ')' and not '"')
                {
                    i++;
                }

                tokens.Add(new Token(line[from..i], false));
            }
        }

        return depth;
    }
}
