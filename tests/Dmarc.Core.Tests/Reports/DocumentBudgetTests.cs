using System.Text;
using Dmarc.Core.Reports;
using Dmarc.Tests.Shared;

namespace Dmarc.Core.Tests.Reports;

/// <summary>One decompressed-byte budget per document, and parts inflated one at a time.</summary>
public class DocumentBudgetTests
{
    private static readonly ReportLimits Small = ReportLimits.Default with { MaxDecompressedBytes = 256 * 1024, MaxDocumentDecompressedBytes = 1024 * 1024 };

    [Fact]
    public void Many_gzip_parts_each_under_the_part_limit_are_refused_once_together_they_pass_the_document_budget()
    {
        var parts = Enumerable.Range(1, 10).Select(i => Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 300, distinctIps: 300, reportId: $"r{i}"))).ToArray();
        Assert.All(parts, p => Assert.InRange(p.Length, Small.MaxDocumentDecompressedBytes / 8, Small.MaxDecompressedBytes));
        var mail = ReportMail.WithGzipParts(parts);

        var error = Assert.Throws<ReportFormatException>(() => ReportParser.Parse(mail, Small, "bomb.eml"));

        Assert.Equal(
            $"bomb.eml decompresses to more than {1024 * 1024} bytes in all parts together (limit Reports:MaxDocumentDecompressedBytes); reading stopped there.",
            error.Message);
        Assert.Equal(10, ReportParser.Parse(mail, Small with { MaxDocumentDecompressedBytes = 10 * 1024 * 1024 }, "bomb.eml").Count);
    }

    [Fact]
    public void Zip_entries_share_the_document_budget()
    {
        var entry = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 300, distinctIps: 300));
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 10; i++)
            {
                using var stream = archive.CreateEntry($"report{i}.xml").Open();
                stream.Write(entry);
            }
        }

        var error = Assert.Throws<ReportFormatException>(() => ReportParser.Parse(zip.ToArray(), Small, "many.zip"));

        Assert.StartsWith($"many.zip decompresses to more than {1024 * 1024} bytes in all parts together", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_extractor_hands_out_the_first_part_before_it_inflates_the_second()
    {
        var report = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 2, distinctIps: 2));
        byte[] broken = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        var mail = ReportMail.WithAttachments([("first.gz", ReportMail.Gzip(report)), ("broken.gz", broken)]);

        using var parts = ReportExtractor.Extract(mail, Small, "two.eml").GetEnumerator();

        Assert.True(parts.MoveNext());
        using var first = new MemoryStream();
        parts.Current.Content.CopyTo(first);
        Assert.Equal(report, first.ToArray());
        Assert.StartsWith("two.eml/broken.gz is not a valid gzip stream", Assert.Throws<ReportFormatException>(() => parts.MoveNext()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_part_is_parsed_before_the_next_part_is_inflated()
    {
        var notAReport = Encoding.UTF8.GetBytes("<report><x/></report>");
        var bomb = new byte[2 * 1024 * 1024];
        var mail = ReportMail.WithGzipParts([notAReport, bomb]);

        var error = Assert.Throws<ReportFormatException>(() => ReportParser.Parse(mail, Small, "mixed.eml"));

        Assert.Equal("mixed.eml/report1.xml.gz (gzip): The root element is <report>, not <feedback>.", error.Message);
    }
}
