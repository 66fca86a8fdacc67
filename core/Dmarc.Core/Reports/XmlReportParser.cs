using System.Globalization;
using System.Xml;

namespace Dmarc.Core.Reports;

/// <summary>
/// Reads one aggregate report XML document into an <see cref="AggregateReport"/>. Namespaces
/// (none, RFC 7489, RFC 9990) are read alike; results are lower-cased; empty optional elements
/// and unknown elements are ignored; bytes that are not UTF-8 are read as Windows-1252. DTDs are
/// refused and external entities never resolved.
/// </summary>
public static class XmlReportParser
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CheckCharacters = false,
        CloseInput = false,
        // A fragment may hold more than one top-level element: a second report is then seen and refused, not read as junk.
        ConformanceLevel = ConformanceLevel.Fragment,
    };

    /// <summary>
    /// Reads the document in one forward-only pass from <paramref name="xml"/> (which may be
    /// inflating as it goes); only the element in hand is held. With <paramref name="onRecord"/>
    /// each record is handed over as soon as it is read and not kept (the result's Records is
    /// empty), so memory stays flat however long the report is. The text is UTF-16 by its byte
    /// order mark, else UTF-8 with stray bytes read as Windows-1252. The &lt;feedback&gt; element
    /// may sit inside stray markup (an unclosed &lt;xs:schema&gt; wrapper, say), and whatever
    /// follows it is read only to refuse a second report.
    /// </summary>
    public static AggregateReport Parse(Stream xml, ReportLimits limits, Action<ReportRecord>? onRecord = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(limits);
        using var text = new StreamReader(xml, Utf8OrWindows1252.Encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        using var reader = XmlReader.Create(text, Settings);
        try
        {
            string? root = null;
            while (reader.Read())
            {
                CheckDepth(reader, limits.MaxXmlDepth);
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                root ??= reader.LocalName;
                if (reader.LocalName == "feedback")
                {
                    var report = ReadFeedback(reader, limits, onRecord);
                    RefuseASecondReport(reader, limits);
                    return report;
                }
            }

            throw new ReportFormatException(root is null ? "The XML has no elements." : $"The root element is <{root}>, not <feedback>.");
        }
        catch (XmlException ex)
        {
            throw new ReportFormatException(ex.Message.Contains("DTD", StringComparison.Ordinal)
                ? "The XML has a DTD, which is not allowed in reports."
                : $"The XML is not well-formed: {ex.Message}", ex);
        }
    }

    /// <summary>Report ids are compared without surrounding whitespace and angle brackets.</summary>
    public static string NormalizeReportId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Trim().TrimStart('<').TrimEnd('>').Trim();
    }

    internal static void CheckDepth(XmlReader reader, int maxDepth)
    {
        if (reader.Depth > maxDepth)
        {
            throw new ReportFormatException($"The XML nests deeper than {maxDepth} levels (at <{reader.LocalName}>).");
        }
    }

    /// <summary>Reads the children of &lt;feedback&gt; in any order; leaves the reader on its end tag.</summary>
    private static AggregateReport ReadFeedback(XmlReader reader, ReportLimits limits, Action<ReportRecord>? onRecord)
    {
        ReportElement? metadata = null, policy = null;
        string? version = null;
        var records = new List<ReportRecord>();
        var recordReader = new RecordReader(new Dictionary<string, string>(StringComparer.Ordinal));
        var count = 0;
        var depth = reader.Depth;
        while (!reader.IsEmptyElement && reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            CheckDepth(reader, limits.MaxXmlDepth);
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "report_metadata" when metadata is null:
                    metadata = ReportElement.Read(reader, limits.MaxXmlDepth);
                    break;
                case "policy_published" when policy is null:
                    policy = ReportElement.Read(reader, limits.MaxXmlDepth);
                    break;
                case "version" when version is null:
                    version = ReportElement.Read(reader, limits.MaxXmlDepth).Value.Trim() is { Length: > 0 } v ? v : null;
                    break;
                case "record":
                    if (++count > limits.MaxRecords)
                    {
                        throw new ReportFormatException($"The report has more than {limits.MaxRecords} records, the limit.");
                    }

                    var record = recordReader.Read(reader, count, limits.MaxXmlDepth);
                    if (onRecord is null)
                    {
                        records.Add(record);
                    }
                    else
                    {
                        onRecord(record);
                    }

                    break;
                default:
                    ReportElement.Skip(reader, limits.MaxXmlDepth);
                    break;
            }
        }

        metadata = metadata ?? throw Missing("feedback/report_metadata");
        var published = policy ?? throw Missing("feedback/policy_published");
        var range = metadata.Child("date_range") ?? throw Missing("report_metadata/date_range");
        var begin = UnixTime(range, "begin");
        var end = UnixTime(range, "end");
        if (end < begin)
        {
            throw new ReportFormatException($"report_metadata/date_range: end ({end:O}) is before begin ({begin:O}).");
        }

        if (end - begin > TimeSpan.FromDays(limits.MaxRangeDays))
        {
            throw new ReportFormatException(
                $"report_metadata/date_range: {begin:O} to {end:O} covers {(end - begin).TotalDays:0} days; a report may cover at most {limits.MaxRangeDays} (Reports:MaxRangeDays).");
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
            version,
            ReadPolicy(published),
            metadata.ChildrenNamed("error").Select(e => e.Value.Trim()).Where(e => e.Length > 0).ToArray(),
            records);
    }

    /// <summary>
    /// Reads what follows the report: a second &lt;feedback&gt; is refused (one document, one
    /// report, none dropped unseen); anything else, even markup that is not well-formed, is junk
    /// around the report and is ignored.
    /// </summary>
    private static void RefuseASecondReport(XmlReader reader, ReportLimits limits)
    {
        try
        {
            while (reader.Read())
            {
                CheckDepth(reader, limits.MaxXmlDepth);
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "feedback")
                {
                    throw new ReportFormatException("The XML holds a second <feedback> report after the first; send each report as its own document.");
                }
            }
        }
        catch (XmlException)
        {
            // Junk after the report (an unclosed wrapper, trailing text): the report stands.
        }
    }

    private static PublishedPolicy ReadPolicy(ReportElement policy) => new(
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

    private static DateTimeOffset UnixTime(ReportElement range, string name)
    {
        var text = Text(range, name) ?? throw Missing($"report_metadata/date_range/{name}");
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw Invalid($"report_metadata/date_range/{name}", text);
        }

        return seconds < ReportLimits.LatestTimestamp
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw new ReportFormatException($"report_metadata/date_range/{name}: {seconds} is in or after 2100; no receiver reports such a date.");
    }

    private static ReportElement? Child(ReportElement parent, string name) => parent.Child(name);

    private static string? Text(ReportElement parent, string name) =>
        Child(parent, name)?.Value.Trim() is { Length: > 0 } value ? value : null;

    private static string? Lower(ReportElement parent, string name) => Text(parent, name)?.ToLowerInvariant();

    private static string? Domain(ReportElement parent, string name) => Text(parent, name)?.TrimEnd('.').ToLowerInvariant();

    private static ReportFormatException Missing(string path) => new($"{path} is missing or empty.");

    private static ReportFormatException Invalid(string path, string value) => new($"{path} has the invalid value '{ReportFormatException.Shown(value)}'.");
}
