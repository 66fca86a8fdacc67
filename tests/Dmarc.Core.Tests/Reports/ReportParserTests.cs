using System.IO.Compression;
using System.Text;
using Dmarc.Core.Reports;

namespace Dmarc.Core.Tests.Reports;

public class ReportParserTests
{
    private const string Minimal = """
        <feedback>
          <report_metadata><org_name></org_name><email>dmarc@reporter.example</email><report_id> &lt;abc-123&gt; </report_id>
            <date_range><begin>1700000000</begin><end>1700000000</end></date_range></report_metadata>
          <policy_published><domain>Example.COM.</domain><p>reject</p></policy_published>
          <record><row><source_ip>2001:db8::1</source_ip><count>3</count>
            <policy_evaluated><disposition>Reject</disposition><dkim>FAIL</dkim><spf>fail</spf><reason><type></type></reason></policy_evaluated></row>
            <identifiers><header_from>example.com</header_from></identifiers>
            <auth_results><spf><domain>example.com</domain><result>SoftFail</result></spf></auth_results></record>
        </feedback>
        """;

    [Fact]
    public void Normalises_ids_names_results_and_fills_an_empty_org_name_from_the_address()
    {
        var report = ReportParser.Parse(Encoding.UTF8.GetBytes(Minimal)).Single();

        Assert.Equal(("reporter.example", "abc-123", "example.com"), (report.OrgName, report.ReportId, report.Policy.Domain));
        Assert.Equal(report.Begin, report.End);
        var record = report.Records.Single();
        Assert.Equal(("2001:db8::1", 3L, "reject", "fail"), (record.SourceIp, record.Count, record.Disposition, record.Dkim));
        Assert.Empty(record.Reasons);
        Assert.Equal("softfail", record.SpfResults.Single().Result);
    }

    [Theory]
    [InlineData("<report_id>x</report_id>", "", "report_metadata/report_id is missing or empty.")]
    [InlineData("<begin>1700000000</begin>", "<begin>soon</begin>", "report_metadata/date_range/begin has the invalid value 'soon'.")]
    [InlineData("<source_ip>2001:db8::1</source_ip>", "<source_ip>not-an-ip</source_ip>", "record[1]/row/source_ip has the invalid value 'not-an-ip'.")]
    [InlineData("<count>3</count>", "<count>-3</count>", "record[1]/row/count has the invalid value '-3'.")]
    [InlineData("<domain>Example.COM.</domain>", "", "policy_published/domain is missing or empty.")]
    [InlineData("<feedback>", "<report>", "The root element is <report>, not <feedback>.")]
    public void Rejections_name_the_element_at_fault(string find, string replace, string reason)
    {
        var xml = Minimal.Replace(" &lt;abc-123&gt; ", "x", StringComparison.Ordinal).Replace(find, replace, StringComparison.Ordinal);
        if (find == "<feedback>")
        {
            xml = xml.Replace("</feedback>", "</report>", StringComparison.Ordinal);
        }

        var error = Assert.Throws<ReportFormatException>(() => ReportParser.Parse(Encoding.UTF8.GetBytes(xml)));

        Assert.Equal($"input: {reason}", error.Message);
    }

    [Fact]
    public void A_dtd_is_refused_and_an_external_entity_is_never_resolved()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "SECRET");
        var xml = $"""<?xml version="1.0"?><!DOCTYPE feedback [<!ENTITY x SYSTEM "file://{secret}">]><feedback><report_metadata><org_name>&x;</org_name></report_metadata></feedback>""";

        var error = Assert.Throws<ReportFormatException>(() => ReportParser.Parse(Encoding.UTF8.GetBytes(xml)));

        Assert.Equal("input: The XML has a DTD, which is not allowed in reports.", error.Message);
        File.Delete(secret);
    }

    [Fact]
    public void A_gzip_bomb_is_stopped_while_streaming()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            // Whitespace the XML reader reads on and on: only the size limit stops it.
            gzip.Write(Encoding.UTF8.GetBytes("<feedback>"));
            var spaces = Encoding.ASCII.GetBytes(new string(' ', 1024 * 1024));
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(spaces);
            }
        }

        var limits = ReportLimits.Default with { MaxDecompressedBytes = 8 * 1024 * 1024 };
        var error = Assert.Throws<ReportFormatException>(() => ReportParser.Parse(compressed.ToArray(), limits, "bomb.gz"));

        Assert.Equal($"bomb.gz decompressed is larger than the limit of {8 * 1024 * 1024} bytes; reading stopped there.", error.Message);
    }

    [Fact]
    public void A_zip_bomb_is_stopped_while_streaming()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry("report.xml", CompressionLevel.SmallestSize).Open())
        {
            entry.Write(Encoding.UTF8.GetBytes("<feedback>"));
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                entry.Write(zeros);
            }
        }

        var limits = ReportLimits.Default with { MaxDecompressedBytes = 8 * 1024 * 1024 };
        var error = Assert.Throws<ReportFormatException>(() => ReportParser.Parse(zip.ToArray(), limits, "bomb.zip"));

        Assert.Equal($"bomb.zip decompresses to more than {8 * 1024 * 1024} bytes; reading stopped there.", error.Message);
    }

    [Fact]
    public void Trailing_junk_after_a_gzip_stream_is_tolerated()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(Minimal));
        }

        compressed.Write("junk at the end\r\n"u8);

        Assert.Single(ReportParser.Parse(compressed.ToArray()));
    }

    [Fact]
    public void Deep_nesting_and_too_many_records_are_refused()
    {
        var deep = "<feedback>" + string.Concat(Enumerable.Repeat("<x>", 40)) + string.Concat(Enumerable.Repeat("</x>", 40)) + "</feedback>";
        var record = Minimal[Minimal.IndexOf("<record>", StringComparison.Ordinal)..(Minimal.IndexOf("</record>", StringComparison.Ordinal) + "</record>".Length)];
        var many = Minimal.Replace("</feedback>", string.Concat(Enumerable.Repeat(record, 5)) + "</feedback>", StringComparison.Ordinal);

        Assert.Contains("nests deeper than 32 levels", Assert.Throws<ReportFormatException>(() => ReportParser.Parse(Encoding.UTF8.GetBytes(deep))).Message, StringComparison.Ordinal);
        Assert.Contains("more than 3 records, the limit", Assert.Throws<ReportFormatException>(() => ReportParser.Parse(Encoding.UTF8.GetBytes(many), ReportLimits.Default with { MaxRecords = 3 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_email_attachment_sent_as_octet_stream_with_its_name_only_in_content_type_is_found()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry("report.xml").Open())
        {
            entry.Write(Encoding.UTF8.GetBytes(Minimal));
        }

        var mail = "From: dmarc@reporter.example\r\nSubject: Report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
            + "--b\r\nContent-Type: application/octet-stream; name=\"report.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Convert.ToBase64String(zip.ToArray(), Base64FormattingOptions.InsertLineBreaks) + "\r\n--b--\r\n";

        var report = Assert.Single(ReportParser.Parse(Encoding.ASCII.GetBytes(mail)));

        Assert.Equal("abc-123", report.ReportId);
    }

    [Fact]
    public void A_report_inside_a_forwarded_message_is_found()
    {
        var inner = "From: dmarc@reporter.example\r\nSubject: Report\r\nContent-Type: text/xml; name=report.xml\r\n\r\n" + Minimal;
        var outer = "From: forwarder@company.example\r\nSubject: Fwd: Report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=o\r\n\r\n"
            + "--o\r\nContent-Type: text/plain\r\n\r\nForwarding this.\r\n"
            + "--o\r\nContent-Type: message/rfc822\r\n\r\n" + inner + "\r\n--o--\r\n";

        Assert.Equal("abc-123", Assert.Single(ReportParser.Parse(Encoding.UTF8.GetBytes(outer))).ReportId);
    }
}
