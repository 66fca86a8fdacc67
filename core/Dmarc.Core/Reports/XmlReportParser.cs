using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Unicode;
using System.Xml;
using System.Xml.Linq;

namespace Dmarc.Core.Reports;

/// <summary>
/// Reads one aggregate report XML document into an <see cref="AggregateReport"/>. Namespaces
/// (none, RFC 7489, RFC 9990) are read alike; results are lower-cased; empty optional elements
/// and unknown elements are ignored; bytes that are not UTF-8 are read as Windows-1252. DTDs are
/// refused and external entities never resolved.
/// </summary>
public static class XmlReportParser
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    static XmlReportParser() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static AggregateReport Parse(byte[] xml, ReportLimits limits)
    {
        ArgumentNullException.ThrowIfNull(xml);
        return Parse(new ReadOnlyMemory<byte>(xml), limits);
    }

    /// <summary>Reads the document straight from its bytes: no decoded copy of the text is kept.</summary>
    public static AggregateReport Parse(ReadOnlyMemory<byte> xml, ReportLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var root = LoadFeedback(xml, limits).Root!;
        if (root.Name.LocalName != "feedback")
        {
            throw new ReportFormatException($"The root element is <{root.Name.LocalName}>, not <feedback>.");
        }

        var metadata = Child(root, "report_metadata") ?? throw Missing("feedback/report_metadata");
        var policy = Child(root, "policy_published") ?? throw Missing("feedback/policy_published");
        var range = Child(metadata, "date_range") ?? throw Missing("report_metadata/date_range");
        var begin = UnixTime(range, "begin");
        var end = UnixTime(range, "end");
        if (end < begin)
        {
            throw new ReportFormatException($"report_metadata/date_range: end ({end:O}) is before begin ({begin:O}).");
        }

        var records = root.Elements().Where(e => e.Name.LocalName == "record").ToArray();
        if (records.Length > limits.MaxRecords)
        {
            throw new ReportFormatException($"The report has {records.Length} records, over the limit of {limits.MaxRecords}.");
        }

        var email = Text(metadata, "email");
        return new AggregateReport(
            Text(metadata, "org_name") ?? Validation.EmailAddress.HostOf(email) ?? "unknown",
            email,
            Text(metadata, "extra_contact_info"),
            NormalizeReportId(Text(metadata, "report_id") ?? throw Missing("report_metadata/report_id")),
            begin,
            end,
            Text(metadata, "generator"),
            Text(root, "version"),
            ReadPolicy(policy),
            metadata.Elements().Where(e => e.Name.LocalName == "error").Select(e => e.Value.Trim()).Where(e => e.Length > 0).ToArray(),
            records.Select((r, i) => ReadRecord(r, i + 1)).ToArray());
    }

    /// <summary>Report ids are compared without surrounding whitespace and angle brackets.</summary>
    public static string NormalizeReportId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Trim().TrimStart('<').TrimEnd('>').Trim();
    }

    /// <summary>
    /// The text encoding: UTF-16 by its byte order mark, else UTF-8 when every byte is valid UTF-8,
    /// else Windows-1252 (declared UTF-8 but written in Windows-1252: read it as a person would).
    /// </summary>
    private static (Encoding Encoding, ReadOnlyMemory<byte> Text) Decoding(ReadOnlyMemory<byte> xml)
    {
        var bytes = xml.Span;
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return (Encoding.Unicode, xml[2..]);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return (Encoding.BigEndianUnicode, xml[2..]);
        }

        var text = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? xml[3..] : xml;
        return (Utf8.IsValid(text.Span) ? StrictUtf8 : Encoding.GetEncoding(1252), text);
    }

    /// <summary>
    /// Loads the document; when it is not well-formed only because of stray markup around the
    /// report (an unclosed &lt;xs:schema&gt; wrapper, say), reads the &lt;feedback&gt; element alone.
    /// Only that rare second try decodes the text into a string.
    /// </summary>
    private static XDocument LoadFeedback(ReadOnlyMemory<byte> xml, ReportLimits limits)
    {
        var (encoding, text) = Decoding(xml);
        try
        {
            return Load(() => new StreamReader(ReadOnlyMemoryStream.Open(text), encoding, detectEncodingFromByteOrderMarks: false), limits);
        }
        catch (ReportFormatException) when (FeedbackAlone(encoding.GetString(text.Span), limits) is { } feedback)
        {
            return feedback;
        }
    }

    /// <summary>The &lt;feedback&gt; element alone, when it is less than the text and loads; else null (the original error stands).</summary>
    private static XDocument? FeedbackAlone(string text, ReportLimits limits)
    {
        var start = text.IndexOf("<feedback", StringComparison.Ordinal);
        var end = text.LastIndexOf("</feedback>", StringComparison.Ordinal);
        if (start < 0 || end <= start || (start == 0 && end + "</feedback>".Length == text.Length))
        {
            return null;
        }

        var feedback = text[start..(end + "</feedback>".Length)];
        try
        {
            return Load(() => new StringReader(feedback), limits);
        }
        catch (ReportFormatException)
        {
            return null;
        }
    }

    private static XDocument Load(Func<TextReader> text, ReportLimits limits)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CheckCharacters = false,
            CloseInput = true,
        };
        try
        {
            using (var check = XmlReader.Create(text(), settings))
            {
                while (check.Read())
                {
                    if (check.Depth > limits.MaxXmlDepth)
                    {
                        throw new ReportFormatException($"The XML nests deeper than {limits.MaxXmlDepth} levels (at <{check.LocalName}>).");
                    }
                }
            }

            using var reader = XmlReader.Create(text(), settings);
            return XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new ReportFormatException(ex.Message.Contains("DTD", StringComparison.Ordinal)
                ? "The XML has a DTD, which is not allowed in reports."
                : $"The XML is not well-formed: {ex.Message}", ex);
        }
    }

    private static PublishedPolicy ReadPolicy(XElement policy) => new(
        (Text(policy, "domain") ?? throw Missing("policy_published/domain")).TrimEnd('.').ToLowerInvariant(),
        Lower(policy, "p"),
        Lower(policy, "sp"),
        Lower(policy, "np"),
        Lower(policy, "adkim"),
        Lower(policy, "aspf"),
        Text(policy, "pct") is { } pct ? int.TryParse(pct, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw Invalid("policy_published/pct", pct) : null,
        Text(policy, "fo"),
        Lower(policy, "testing"),
        Lower(policy, "discovery_method"));

    private static ReportRecord ReadRecord(XElement record, int number)
    {
        var at = $"record[{number}]";
        var row = Child(record, "row") ?? throw Missing($"{at}/row");
        var ip = Text(row, "source_ip") ?? throw Missing($"{at}/row/source_ip");
        if (!IPAddress.TryParse(ip, out var address))
        {
            throw Invalid($"{at}/row/source_ip", ip);
        }

        var countText = Text(row, "count") ?? throw Missing($"{at}/row/count");
        if (!long.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw Invalid($"{at}/row/count", countText);
        }

        var evaluated = Child(row, "policy_evaluated");
        var identifiers = Child(record, "identifiers");
        var auth = Child(record, "auth_results");
        return new ReportRecord(
            address.ToString(),
            count,
            evaluated is null ? null : Lower(evaluated, "disposition"),
            evaluated is null ? null : Lower(evaluated, "dkim"),
            evaluated is null ? null : Lower(evaluated, "spf"),
            evaluated?.Elements().Where(e => e.Name.LocalName == "reason")
                .Select(r => (Type: Lower(r, "type"), Comment: Text(r, "comment")))
                .Where(r => r.Type is not null)
                .Select(r => new PolicyReason(r.Type!, r.Comment)).ToArray() ?? [],
            identifiers is null ? null : Domain(identifiers, "header_from"),
            identifiers is null ? null : Domain(identifiers, "envelope_from"),
            identifiers is null ? null : Domain(identifiers, "envelope_to"),
            Results(auth, "dkim").Select(d => new DkimAuthResult(Domain(d, "domain"), Text(d, "selector"), Lower(d, "result") ?? "none", Text(d, "human_result"))).ToArray(),
            Results(auth, "spf").Select(s => new SpfAuthResult(Domain(s, "domain"), Lower(s, "scope"), Lower(s, "result") ?? "none", Text(s, "human_result"))).ToArray());
    }

    private static IEnumerable<XElement> Results(XElement? auth, string name) =>
        auth?.Elements().Where(e => e.Name.LocalName == name) ?? [];

    private static DateTimeOffset UnixTime(XElement range, string name)
    {
        var text = Text(range, name) ?? throw Missing($"report_metadata/date_range/{name}");
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253402300800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw Invalid($"report_metadata/date_range/{name}", text);
    }

    private static XElement? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static string? Text(XElement parent, string name) =>
        Child(parent, name)?.Value.Trim() is { Length: > 0 } value ? value : null;

    private static string? Lower(XElement parent, string name) => Text(parent, name)?.ToLowerInvariant();

    private static string? Domain(XElement parent, string name) => Text(parent, name)?.TrimEnd('.').ToLowerInvariant();

    private static ReportFormatException Missing(string path) => new($"{path} is missing or empty.");

    private static ReportFormatException Invalid(string path, string value) => new($"{path} has the invalid value '{value}'.");
}
