using System.IO.Compression;
using System.Text;
using Dmarc.Core.Reports;
using Dmarc.Tests.Shared;

namespace Dmarc.Core.Tests.Reports;

/// <summary>
/// The rules a careful reader applies to values no receiver sends (README "What a report may
/// say"): each was found by mutation fuzzing as a hang, an overflow or an unexpected exception.
/// </summary>
public sealed class CarefulReaderTests
{
    [Fact]
    public void A_range_from_1970_to_a_far_future_end_is_refused_before_any_daily_split()
    {
        var error = Assert.Throws<ReportFormatException>(() => Parse(ReportGenerator.Xml(1, 1, begin: 0, end: 32503680000)));

        Assert.Equal("r.xml: report_metadata/date_range/end: 32503680000 is in or after 2100; no receiver reports such a date.", error.Message);
    }

    [Fact]
    public void An_element_nested_below_a_reasons_type_is_skipped_not_an_index_out_of_range()
    {
        // Found by the fuzz test (a byte flip turned a closing tag into an opening one): elements below the
        // deepest a record has were read as if they were one of its fields.
        var xml = ReportGenerator.Xml(1, 1).Replace("</policy_evaluated>", "<reason><type>forwarded<x><y>deep</y></x></type></reason></policy_evaluated>", StringComparison.Ordinal);

        var report = Assert.Single(Parse(xml));

        // The record stays; the garbled reason (its type's text broken by the nested elements) is not read as one.
        Assert.Empty(Assert.Single(report.Records).Reasons);
    }

    [Fact]
    public void An_end_past_year_9999_is_a_format_error_not_an_argument_exception()
    {
        var error = Assert.Throws<ReportFormatException>(() => Parse(ReportGenerator.Xml(1, 1, begin: 1700000000, end: 253402300800)));

        Assert.StartsWith("r.xml: report_metadata/date_range/end: 253402300800", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_longer_than_the_limit_is_refused_with_its_length()
    {
        var error = Assert.Throws<ReportFormatException>(() => Parse(ReportGenerator.Xml(1, 1, begin: 1700000000, end: 1700000000 + (40 * 86400))));

        Assert.Equal("r.xml: report_metadata/date_range: 2023-11-14T22:13:20.0000000+00:00 to 2023-12-24T22:13:20.0000000+00:00 covers 40 days; a report may cover at most 31 (Reports:MaxRangeDays).", error.Message);
    }

    [Fact]
    public void A_range_of_the_limit_is_split_over_its_days()
    {
        var report = Assert.Single(Parse(ReportGenerator.Xml(1, 1, begin: 1700006400, end: 1700006400 + (31 * 86400) - 1)));

        var days = DailyBuckets.Split(report).Select(c => c.Day).Distinct().Count();
        Assert.InRange(days, 1, 32);
        Assert.Equal(report.Messages, DailyBuckets.Split(report).Sum(c => c.Total));
    }

    [Fact]
    public void A_count_of_long_max_value_is_refused_instead_of_overflowing_the_sums()
    {
        var xml = ReportGenerator.Xml(2, 2).Replace("<count>", "<count>9223372036854775807<!--", StringComparison.Ordinal).Replace("</count>", "--></count>", StringComparison.Ordinal);

        var error = Assert.Throws<ReportFormatException>(() => Parse(xml));

        Assert.Equal($"r.xml: record[1]/row/count: 9223372036854775807 messages is more than any receiver reports for one address (at most {ReportLimits.MaxRecordCount}).", error.Message);
    }

    [Fact]
    public void Counts_at_the_limit_in_every_record_still_add_up()
    {
        var xml = ReportGenerator.Xml(1000, 10).Replace("<count>", $"<count>{ReportLimits.MaxRecordCount}<!--", StringComparison.Ordinal).Replace("</count>", "--></count>", StringComparison.Ordinal);

        var report = Assert.Single(Parse(xml));

        Assert.Equal(1000 * ReportLimits.MaxRecordCount, report.Messages);
        Assert.Equal(report.Messages, DailyBuckets.Split(report).Sum(c => c.Total));
    }

    [Fact]
    public void A_long_invalid_value_is_quoted_cut_short()
    {
        var xml = ReportGenerator.Xml(1, 1).Replace("<count>", "<count>" + new string('x', 100_000) + "<!--", StringComparison.Ordinal).Replace("</count>", "--></count>", StringComparison.Ordinal);

        var error = Assert.Throws<ReportFormatException>(() => Parse(xml));

        Assert.Equal($"r.xml: record[1]/row/count has the invalid value '{new string('x', 61)}...'.", error.Message);
    }

    [Theory]
    [InlineData((ushort)99)] // AES, which .NET does not read
    [InlineData((ushort)12)] // bzip2
    [InlineData((ushort)0xBEEF)] // no such method
    public void A_zip_entry_with_an_unknown_compression_method_is_a_format_error_naming_the_entry(ushort method)
    {
        var zip = ZipWithMethod(Encoding.UTF8.GetBytes(ReportGenerator.Xml(1, 1)), method);

        var error = Assert.Throws<ReportFormatException>(() => ReportParser.Parse(zip, ReportLimits.Default, "r.zip"));

        Assert.Contains("report.xml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_entry_with_corrupt_deflate_data_is_a_format_error_naming_the_entry()
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry("report.xml", CompressionLevel.Optimal).Open())
        {
            entry.Write(Encoding.UTF8.GetBytes(ReportGenerator.Xml(200, 20)));
        }

        var zip = buffer.ToArray();
        for (var i = 60; i < 200; i += 3)
        {
            zip[i] ^= 0x5A;
        }

        var error = Assert.Throws<ReportFormatException>(() => ReportParser.Parse(zip, ReportLimits.Default, "r.zip"));

        Assert.Contains("r.zip", error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<AggregateReport> Parse(string xml) => ReportParser.Parse(Encoding.UTF8.GetBytes(xml), ReportLimits.Default, "r.xml");

    /// <summary>A stored (uncompressed) zip of one entry, with the compression method in both headers set to the given one.</summary>
    private static byte[] ZipWithMethod(byte[] content, ushort method)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry("report.xml", CompressionLevel.NoCompression).Open())
        {
            entry.Write(content);
        }

        var zip = buffer.ToArray();
        var span = zip.AsSpan();
        for (var i = 0; i + 4 <= zip.Length; i++)
        {
            var signature = BitConverter.ToUInt32(zip, i);
            if (signature == 0x04034b50)
            {
                BitConverter.TryWriteBytes(span[(i + 8)..], method); // local file header
            }
            else if (signature == 0x02014b50)
            {
                BitConverter.TryWriteBytes(span[(i + 10)..], method); // central directory header
            }
        }

        return zip;
    }
}
