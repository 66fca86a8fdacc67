namespace Dmarc.Core.Reports;

/// <summary>The entry point: bytes of any supported container in, every report in it out. Pure: no I/O.</summary>
public static class ReportParser
{
    /// <summary>
    /// Parses each XML document as it is extracted, before the next one is inflated, so at most
    /// one decompressed part is held at a time.
    /// </summary>
    public static IReadOnlyList<AggregateReport> Parse(byte[] input, ReportLimits? limits = null, string source = "input")
    {
        var bounds = limits ?? ReportLimits.Default;
        var reports = new List<AggregateReport>();
        foreach (var xml in ReportExtractor.Extract(input, bounds, source))
        {
            try
            {
                reports.Add(XmlReportParser.Parse(xml.Content, bounds));
            }
            catch (ReportFormatException ex)
            {
                throw new ReportFormatException($"{xml.Source}: {ex.Message}", ex);
            }
        }

        return reports;
    }
}
