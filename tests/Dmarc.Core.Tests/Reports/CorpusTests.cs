using System.Text.Json;
using Dmarc.Core.Reports;
using Dmarc.Tests.Shared;

namespace Dmarc.Core.Tests.Reports;

/// <summary>Every file of the shared corpus, with what it must yield (reports, records, messages) or why it fails.</summary>
public class CorpusTests
{
    public static TheoryData<string, string, int, int, long> Parsed => new()
    {
        { "aggregate", "!example.com!1538204542!1538463818.xml", 1, 1, 1 },
        { "aggregate", "!large-example.com!1711897200!1711983600.xml", 1, 2286, 2286 },
        { "aggregate", "Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml", 1, 1, 1 },
        { "aggregate", "addisonfoods.com!example.com!1536105600!1536191999.xml", 1, 1, 1 },
        { "aggregate", "empty_reason.xml", 1, 1, 2 },
        { "aggregate", "estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702!2940.xml.zip", 1, 1, 1 },
        { "aggregate", "example.net!example.com!1529366400!1529452799.xml", 1, 1, 1 },
        { "aggregate", "fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz", 1, 1, 1 },
        { "aggregate", "ikea.com!example.de!1538690400!1538776800.xml", 1, 1, 1 },
        { "aggregate", "invalid_utf_8.xml", 1, 1, 1 },
        { "aggregate", "mimecast-weird-gzip.eml", 1, 1, 1 },
        { "aggregate", "old_draft_from_wiki.xml", 1, 1, 2 },
        { "aggregate", "protection.outlook.com!example.com!1711756800!1711843200.xml", 1, 1, 1 },
        { "aggregate", "rfc9990-example.net!example.com!1700000000!1700086399.xml", 1, 2, 7 },
        { "aggregate", "rfc9990-sample.xml", 1, 1, 123 },
        { "aggregate", "twilight.eml", 1, 1, 1 },
        { "aggregate", "usssa.com!example.com!1538784000!1538870399.xml", 1, 2, 2 },
        { "aggregate", "veeam.com!example.com!1530133200!1530219600.xml", 1, 1, 1 },
        { "aggregate_invalid", "report_with_upper_cased_pass.xml", 1, 1, 1 },
        { "extract_report", "changed-input.xml", 1, 20, 3047 },
        { "extract_report", "nice-input.xml", 1, 20, 3047 },
        { "extract_report", "nice-input.xml.gz", 1, 20, 3047 },
        { "extract_report", "nice-input.xml.zip", 1, 20, 3047 },
    };

    [Theory]
    [MemberData(nameof(Parsed))]
    public void Each_readable_corpus_file_yields_its_reports(string folder, string file, int reports, int records, long messages)
    {
        var parsed = ReportParser.Parse(File.ReadAllBytes(RepoPaths.CorpusFile(folder, file)), source: file);

        Assert.Equal((reports, records, messages), (parsed.Count, parsed.Sum(r => r.Records.Count), parsed.Sum(r => r.Messages)));
        Assert.All(parsed, r => Assert.False(string.IsNullOrEmpty(r.ReportId)));
    }

    [Theory]
    [InlineData("aggregate", "invalid_xml.xml", "invalid_xml.xml: The XML is not well-formed: The '@' character, hexadecimal value 0x40, cannot be included in a name. Line 5, position 18.")]
    [InlineData("aggregate_invalid", "empty.xml", "empty.xml is empty.")]
    public void Unreadable_corpus_files_are_refused_with_the_reason(string folder, string file, string reason)
    {
        var error = Assert.Throws<ReportFormatException>(() => ReportParser.Parse(File.ReadAllBytes(RepoPaths.CorpusFile(folder, file)), source: file));

        Assert.Equal(reason, error.Message);
    }

    [Fact]
    public void Every_corpus_file_is_covered_by_a_test()
    {
        var covered = Parsed.Select(row => (string)row[1]).Concat(["invalid_xml.xml", "empty.xml"]).ToHashSet();
        var files = new[] { "aggregate", "aggregate_invalid", "extract_report" }
            .SelectMany(folder => Directory.EnumerateFiles(RepoPaths.CorpusFile(folder)).Select(Path.GetFileName));

        Assert.DoesNotContain(files, f => !covered.Contains(f!));
    }

    [Fact]
    public void The_same_report_as_xml_gzip_and_zip_gives_identical_results()
    {
        var results = new[] { "nice-input.xml", "nice-input.xml.gz", "nice-input.xml.zip" }
            .Select(f => JsonSerializer.Serialize(ReportParser.Parse(File.ReadAllBytes(RepoPaths.CorpusFile("extract_report", f)))))
            .Distinct()
            .ToArray();

        Assert.Single(results);
        Assert.NotEqual(results[0], JsonSerializer.Serialize(ReportParser.Parse(File.ReadAllBytes(RepoPaths.CorpusFile("extract_report", "changed-input.xml")))));
    }

    [Fact]
    public void Quirks_are_recovered_the_way_a_careful_reader_would()
    {
        var upper = ReportParser.Parse(File.ReadAllBytes(RepoPaths.CorpusFile("aggregate_invalid", "report_with_upper_cased_pass.xml")))[0].Records[0];
        var latin = ReportParser.Parse(File.ReadAllBytes(RepoPaths.CorpusFile("aggregate", "invalid_utf_8.xml")))[0].Records[0];
        var rfc9990 = ReportParser.Parse(File.ReadAllBytes(RepoPaths.CorpusFile("aggregate", "rfc9990-sample.xml")))[0];

        Assert.Equal(("none", "pass", "pass"), (upper.Disposition, upper.Dkim, upper.Spf));
        Assert.Equal("bad_byte\u2018", latin.HeaderFrom);
        Assert.Equal(("none", "n", "treewalk", "Example DMARC Aggregate Reporter v1.2"), (rfc9990.Policy.Np, rfc9990.Policy.Testing, rfc9990.Policy.DiscoveryMethod, rfc9990.Generator));
        Assert.Equal("abc123", rfc9990.Records[0].DkimResults[0].Selector);
    }
}
