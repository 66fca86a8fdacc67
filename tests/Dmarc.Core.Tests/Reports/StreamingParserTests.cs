using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Dmarc.Core.Reports;
using Dmarc.Tests.Shared;

namespace Dmarc.Core.Tests.Reports;

/// <summary>The parser reads its input once, forward only, through every decompressing layer.</summary>
public class StreamingParserTests
{
    [Theory]
    [InlineData("extract_report", "nice-input.xml.gz")]
    [InlineData("extract_report", "nice-input.xml.zip")]
    [InlineData("aggregate", "mimecast-weird-gzip.eml")]
    [InlineData("aggregate", "!large-example.com!1711897200!1711983600.xml")]
    public void A_forward_only_input_is_read_once_and_yields_what_the_bytes_yield(string folder, string file)
    {
        var bytes = File.ReadAllBytes(RepoPaths.CorpusFile(folder, file));
        using var once = new ForwardOnlyStream(bytes);

        var streamed = ReportParser.Parse(once, source: file);

        Assert.Equal(bytes.Length, once.BytesRead);
        Assert.Equal(ReportParser.Parse(bytes, source: file).Sum(r => r.Records.Count), streamed.Sum(r => r.Records.Count));
    }

    [Fact]
    public void Records_handed_over_one_by_one_are_not_kept()
    {
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 250, distinctIps: 50));
        var seen = new List<ReportRecord>();

        var report = XmlReportParser.Parse(new MemoryStream(xml), ReportLimits.Default, seen.Add);

        Assert.Empty(report.Records);
        Assert.Equal(250, seen.Count);
        Assert.Equal(JsonSerializer.Serialize(ReportParser.Parse(xml).Single().Records), JsonSerializer.Serialize(seen));
    }

    [Fact]
    public void A_second_report_in_one_document_is_refused_rather_than_dropped()
    {
        var one = ReportGenerator.Xml(records: 1, distinctIps: 1);
        var two = one + one[one.IndexOf("<feedback", StringComparison.Ordinal)..];

        var error = Assert.Throws<ReportFormatException>(() => ReportParser.Parse(Encoding.UTF8.GetBytes(two)));

        Assert.StartsWith("input: The XML holds a second <feedback> report", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Junk_after_the_report_is_ignored_and_stray_bytes_read_as_windows_1252_beside_utf_8()
    {
        var xml = ReportGenerator.Xml(records: 1, distinctIps: 1, policyDomain: "example.com").Replace("generator.example</org_name>", "Gen\u00e9rateur \u0091x\u0092</org_name>", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(xml).SelectMany(b => b == 0xC2 ? Array.Empty<byte>() : [b]).Concat("<unclosed>&junk"u8.ToArray()).ToArray();

        var report = ReportParser.Parse(bytes).Single();

        Assert.Equal("Gen\u00e9rateur \u2018x\u2019", report.OrgName);
    }

    [Fact]
    public void A_zip_entry_with_an_unknown_compression_method_is_a_format_error_naming_the_entry()
    {
        var zip = Zip("report.xml", Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 1, distinctIps: 1)));
        SetCompressionMethod(zip, 99);

        var error = Assert.Throws<ReportFormatException>(() => ReportParser.Parse(zip, source: "odd.zip"));

        Assert.StartsWith("odd.zip/report.xml cannot be inflated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_zip_entry_is_a_format_error_naming_the_entry()
    {
        var zip = Zip("report.xml", Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 200, distinctIps: 20)));
        var data = FirstEntryData(zip);
        Array.Fill(zip, (byte)0xFF, data + 10, 64);

        var error = Assert.Throws<ReportFormatException>(() => ReportParser.Parse(zip, source: "bad.zip"));

        Assert.StartsWith("bad.zip/report.xml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_keeps_the_first_of_each_element_passes_over_unknown_ones_and_reads_every_result_and_reason()
    {
        var xml = ReportGenerator.Xml(records: 1, distinctIps: 1);
        var record = xml[xml.IndexOf("<record>", StringComparison.Ordinal)..(xml.IndexOf("</record>", StringComparison.Ordinal) + "</record>".Length)];
        var odd = """
            <record><extra><row><source_ip>192.0.2.9</source_ip></row></extra>
              <row><source_ip> 2001:DB8:0:0::1 </source_ip><source_ip>192.0.2.1</source_ip><count>7</count><unknown><count>99</count></unknown>
                <policy_evaluated><disposition>Quarantine</disposition><dkim>FAIL</dkim><spf><![CDATA[pass]]></spf>
                  <reason><type>Forwarded</type><comment> via list </comment></reason><reason><type></type></reason><reason><type>local_policy</type></reason></policy_evaluated></row>
              <row><source_ip>192.0.2.2</source_ip><count>1</count></row>
              <identifiers><header_from>Example.COM.</header_from><envelope_to>Rcpt.Example</envelope_to></identifiers>
              <auth_results><dkim><domain>Example.com</domain><selector> s1 </selector><result>Pass</result><human_result>good</human_result></dkim>
                <dkim><domain>other.example</domain><result/></dkim><spf><domain>example.com</domain><scope>MFROM</scope><result>softfail</result></spf></auth_results></record>
            """;

        var parsed = ReportParser.Parse(Encoding.UTF8.GetBytes(xml.Replace(record, odd, StringComparison.Ordinal))).Single().Records.Single();

        Assert.Equal(("2001:db8::1", 7L, "quarantine", "fail", "pass"), (parsed.SourceIp, parsed.Count, parsed.Disposition, parsed.Dkim, parsed.Spf));
        Assert.Equal([new PolicyReason("forwarded", "via list"), new PolicyReason("local_policy", null)], parsed.Reasons);
        Assert.Equal(("example.com", null, "rcpt.example"), (parsed.HeaderFrom, parsed.EnvelopeFrom, parsed.EnvelopeTo));
        Assert.Equal([new DkimAuthResult("example.com", "s1", "pass", "good"), new DkimAuthResult("other.example", null, "none", null)], parsed.DkimResults);
        Assert.Equal([new SpfAuthResult("example.com", "mfrom", "softfail", null)], parsed.SpfResults);
    }

    private static byte[] Zip(string name, byte[] content)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry(name).Open())
        {
            entry.Write(content);
        }

        return zip.ToArray();
    }

    /// <summary>Sets the method in the local header (offset 8) and in the central directory entry (offset 10).</summary>
    private static void SetCompressionMethod(byte[] zip, ushort method)
    {
        BitConverter.TryWriteBytes(zip.AsSpan(8, 2), method);
        var central = zip.AsSpan().IndexOf("PK\u0001\u0002"u8);
        BitConverter.TryWriteBytes(zip.AsSpan(central + 10, 2), method);
    }

    private static int FirstEntryData(byte[] zip) =>
        30 + BitConverter.ToUInt16(zip, 26) + BitConverter.ToUInt16(zip, 28);

    /// <summary>A stream that can only go forward, and counts what is read from it.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes, writable: false);

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = _inner.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
