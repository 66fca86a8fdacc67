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
    /// With <paramref name="onRecord"/> each record is handed over as it is read and not kept (see <see cref="XmlReportParser.Parse(Stream, ReportLimits, Action{ReportRecord}?)"/>).
    /// </summary>
    public static IReadOnlyList<AggregateReport> Parse(Stream input, ReportLimits? limits = null, string source = "input", Action<ReportRecord>? onRecord = null)
    {
        var bounds = limits ?? ReportLimits.Default;
        var reports = new List<AggregateReport>();
        foreach (var xml in ReportExtractor.Extract(input, bounds, source))
        {
            try
            {
                reports.Add(XmlReportParser.Parse(xml.Content, bounds, onRecord));
            }
            catch (ReportFormatException ex) when (!ex.NamesPart)
            {
                throw new ReportFormatException($"{xml.Source}: {ex.Message}", ex);
            }
        }

        return reports;
    }
}
