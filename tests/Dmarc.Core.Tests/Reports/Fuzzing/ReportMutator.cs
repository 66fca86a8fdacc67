using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Dmarc.Core.Tests.Reports.Fuzzing;

/// <summary>
/// Mutates a report the ways hostile or broken senders do: byte flips, truncation, duplicated
/// and removed elements, huge and negative numbers, far dates, invalid UTF-8, deep nesting,
/// random compression layers and corrupt zip headers. Deterministic for a given random source.
/// </summary>
internal static partial class ReportMutator
{
    private static readonly string[] Numbers =
        ["9223372036854775807", "9223372036854775808", "-1", "-9223372036854775808", "0", "99999999999999999999999", "1e9", "0x10", " 12 ", "١٢"];

    private static readonly string[] Dates = ["0", "32503680000", "253402300800", "253402300799", "4102444799", "-86400", "1700000000"];

    /// <summary>One mutated input and the names of the mutations that made it.</summary>
    public static (byte[] Input, string Mutations) Mutate(byte[] original, Random random)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(random);
        var xml = XmlOf(original);
        var bytes = original;
        var applied = new List<string>();
        for (var i = 0; i < 1 + random.Next(3); i++)
        {
            var (name, result) = (xml is not null && random.Next(3) > 0 ? XmlMutation(xml, random) : null) is { } m
                ? (m.Name, Encoding.UTF8.GetBytes(xml = m.Xml))
                : ByteMutation(bytes, random);
            bytes = result;
            xml = name.StartsWith("xml:", StringComparison.Ordinal) ? xml : XmlOf(bytes);
            applied.Add(name);
        }

        if (random.Next(3) == 0)
        {
            for (var layers = 1 + random.Next(3); layers > 0; layers--)
            {
                var zip = random.Next(2) == 0;
                bytes = zip ? Zip(bytes, random.Next(10) == 0 ? "../../etc/report.xml" : "report.xml") : Gzip(bytes);
                applied.Add(zip ? "zip" : "gzip");
            }

            if (random.Next(4) == 0)
            {
                bytes = CorruptHeader(bytes, random);
                applied.Add("corrupt-header");
            }
        }

        return (bytes, string.Join('+', applied));
    }

    private static (string Name, string Xml)? XmlMutation(string xml, Random random)
    {
        switch (random.Next(7))
        {
            case 0 when Elements(xml) is { Count: > 0 } elements:
                var duplicate = elements[random.Next(elements.Count)];
                return ("xml:duplicate", xml.Insert(duplicate.Index + duplicate.Length, duplicate.Value));
            case 1 when Elements(xml) is { Count: > 0 } elements:
                var removed = elements[random.Next(elements.Count)];
                return ("xml:remove", xml.Remove(removed.Index, removed.Length));
            case 2 when NumberPattern().Matches(xml) is { Count: > 0 } numbers:
                var number = numbers[random.Next(numbers.Count)].Groups[1];
                return ("xml:number", xml.Remove(number.Index, number.Length).Insert(number.Index, Numbers[random.Next(Numbers.Length)]));
            case 3 when DatePattern().Matches(xml) is { Count: > 0 } dates:
                var date = dates[random.Next(dates.Count)].Groups[1];
                return ("xml:date", xml.Remove(date.Index, date.Length).Insert(date.Index, Dates[random.Next(Dates.Length)]));
            case 4:
                var depth = random.Next(4) == 0 ? 5000 : 10 + random.Next(60);
                var at = NearTag(xml, random);
                return ("xml:nesting", xml.Insert(at, string.Concat(Enumerable.Repeat("<n>", depth)) + string.Concat(Enumerable.Repeat("</n>", depth))));
            case 5:
                var entity = random.Next(2) == 0
                    ? "<!DOCTYPE feedback [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
                    : "<!DOCTYPE feedback [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>";
                var start = xml.IndexOf("<feedback", StringComparison.Ordinal);
                return start < 0 ? null : ("xml:dtd", xml.Insert(start, entity).Replace("<org_name>", "<org_name>&d;&x;", StringComparison.Ordinal));
            default:
                return null;
        }
    }

    private static (string Name, byte[] Bytes) ByteMutation(byte[] bytes, Random random)
    {
        var copy = (byte[])bytes.Clone();
        switch (random.Next(4))
        {
            case 0 when copy.Length > 0:
                for (var n = 1 + random.Next(8); n > 0; n--)
                {
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                }

                return ("flip", copy);
            case 1 when copy.Length > 0:
                return ("truncate", copy[..random.Next(copy.Length)]);
            case 2:
                byte[][] invalid = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x00]];
                var at = copy.Length == 0 ? 0 : random.Next(copy.Length);
                return ("invalid-utf8", [.. copy[..at], .. invalid[random.Next(invalid.Length)], .. copy[at..]]);
            default:
                return ("junk", [.. copy, .. Enumerable.Range(0, random.Next(64)).Select(_ => (byte)random.Next(256))]);
        }
    }

    /// <summary>Flips bytes in the first header or the zip's central directory, where readers trust sizes and methods.</summary>
    private static byte[] CorruptHeader(byte[] bytes, Random random)
    {
        var copy = (byte[])bytes.Clone();
        var directory = copy.AsSpan().LastIndexOf("PK\u0001\u0002"u8);
        var region = directory > 0 && random.Next(2) == 0 ? directory : 0;
        for (var n = 1 + random.Next(4); n > 0 && copy.Length > region; n--)
        {
            copy[Math.Min(copy.Length - 1, region + 4 + random.Next(26))] = (byte)random.Next(256);
        }

        return copy;
    }

    /// <summary>The XML text of a plain, gzipped or single-entry zipped report; null for anything else.</summary>
    private static string? XmlOf(byte[] bytes)
    {
        try
        {
            var head = bytes.AsSpan(0, Math.Min(bytes.Length, 4));
            if (head.StartsWith("PK"u8))
            {
                using var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
                return archive.Entries.Count == 1 ? new StreamReader(archive.Entries[0].Open()).ReadToEnd() : null;
            }

            if (head.StartsWith(new byte[] { 0x1F, 0x8B }))
            {
                return new StreamReader(new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress)).ReadToEnd();
            }

            var text = Encoding.UTF8.GetString(bytes);
            return text.Contains("<feedback", StringComparison.Ordinal) && !text.Contains("Content-Type", StringComparison.OrdinalIgnoreCase) ? text : null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return null;
        }
    }

    private static List<Match> Elements(string xml) => [.. ElementPattern().Matches(xml).Take(2000)];

    private static int NearTag(string xml, Random random)
    {
        var tags = TagPattern().Matches(xml);
        return tags.Count == 0 ? 0 : tags[random.Next(tags.Count)].Index;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    private static byte[] Zip(byte[] bytes, string entryName)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry(entryName, CompressionLevel.Fastest).Open())
        {
            entry.Write(bytes);
        }

        return buffer.ToArray();
    }

    [GeneratedRegex(@"<(record|row|policy_evaluated|identifiers|auth_results|dkim|spf|report_metadata|policy_published|date_range|source_ip|count|domain|begin|end|report_id|org_name)\b[^>]*>.*?</\1>", RegexOptions.Singleline)]
    private static partial Regex ElementPattern();

    [GeneratedRegex(@">\s*(-?\d+)\s*<")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"<(?:begin|end)>\s*(-?\d+)\s*</")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"<[a-z_]+>")]
    private static partial Regex TagPattern();
}
