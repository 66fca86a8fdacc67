namespace Dmarc.Core.Reports;

/// <summary>The entry point: bytes of any supported container in, every report in it out. Pure: no I/O.</summary>
public static class ReportParser
{
    public static IReadOnlyList<AggregateReport> Parse(byte[] input, ReportLimits? limits = null, string source = "input")
    {
        ArgumentNullException.ThrowIfNull(input);
        using var stream = new MemoryStream(input, writable: false);
        return Parse(stream, limits, source);
    }

    /// <summary>
    /// Parses each XML document while it is extracted, before the next one is inflated: one pass
    /// from the input through every decompressing layer to records, no decompressed part held.
    /// </summary>
    public static IReadOnlyList<AggregateReport> Parse(Stream input, ReportLimits? limits = null, string source = "input")
    {
        var bounds = limits ?? ReportLimits.Default;
        var reports = new List<AggregateReport>();
        foreach (var xml in ReportExtractor.Extract(input, bounds, source))
        {
            try
            {
                reports.Add(XmlReportParser.Parse(xml.Content, bounds));
            }
            catch (ReportFormatException ex) when (!ex.NamesPart)
            {
                throw new ReportFormatException($"{xml.Source}: {ex.Message}", ex);
            }
        }

        return reports;
    }
}
