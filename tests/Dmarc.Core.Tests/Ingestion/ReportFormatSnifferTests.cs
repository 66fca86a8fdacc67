using System.Text;
using Dmarc.Core.Ingestion;
using Dmarc.Tests.Shared;

namespace Dmarc.Core.Tests.Ingestion;

public class ReportFormatSnifferTests
{
    [Theory]
    [InlineData("nice-input.xml", ReportFormat.Xml)]
    [InlineData("nice-input.xml.gz", ReportFormat.Gzip)]
    [InlineData("nice-input.xml.zip", ReportFormat.Zip)]
    public void The_same_report_in_three_containers_is_told_apart_by_content(string file, ReportFormat expected)
    {
        Assert.Equal(expected, Detect(File.ReadAllBytes(RepoPaths.CorpusFile("extract_report", file))));
    }

    [Theory]
    [InlineData("fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz", ReportFormat.Gzip)]
    [InlineData("estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702!2940.xml.zip", ReportFormat.Zip)]
    [InlineData("mimecast-weird-gzip.eml", ReportFormat.Mime)]
    [InlineData("twilight.eml", ReportFormat.Mime)]
    [InlineData("Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml", ReportFormat.Mime)]
    [InlineData("rfc9990-sample.xml", ReportFormat.Xml)]
    [InlineData("old_draft_from_wiki.xml", ReportFormat.Xml)]
    public void Corpus_files_are_detected_by_their_first_bytes(string file, ReportFormat expected)
    {
        Assert.Equal(expected, Detect(File.ReadAllBytes(RepoPaths.CorpusFile("aggregate", file))));
    }

    [Fact]
    public void An_empty_file_is_unknown()
    {
        Assert.Equal(ReportFormat.Unknown, Detect(File.ReadAllBytes(RepoPaths.CorpusFile("aggregate_invalid", "empty.xml"))));
    }

    [Theory]
    [InlineData("\uFEFF<?xml version=\"1.0\"?><feedback/>", ReportFormat.Xml)]
    [InlineData("\r\n  <feedback/>", ReportFormat.Xml)]
    [InlineData("Return-Path: <a@b.example>\r\nSubject: x\r\n\r\nbody", ReportFormat.Mime)]
    [InlineData("From MAILER-DAEMON Thu Jan  1 00:00:00 2024\nSubject: x\n", ReportFormat.Mime)]
    [InlineData("hello world: not a header", ReportFormat.Unknown)]
    [InlineData(": starts with a colon", ReportFormat.Unknown)]
    [InlineData("{\"json\": true}", ReportFormat.Unknown)]
    [InlineData("   ", ReportFormat.Unknown)]
    public void Text_heads_are_classified(string head, ReportFormat expected)
    {
        Assert.Equal(expected, Detect(Encoding.UTF8.GetBytes(head)));
    }

    [Fact]
    public void A_zip_without_entries_is_still_a_zip()
    {
        Assert.Equal(ReportFormat.Zip, Detect([0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0]));
    }

    [Fact]
    public void A_lone_gzip_magic_byte_is_not_enough()
    {
        Assert.Equal(ReportFormat.Unknown, Detect([0x1F]));
    }

    private static ReportFormat Detect(byte[] content) =>
        ReportFormatSniffer.Detect(content.AsSpan(0, Math.Min(content.Length, ReportFormatSniffer.HeadLength)));
}
