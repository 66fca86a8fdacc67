using System.Text;
using Dmarc.Core.Reports;
using Dmarc.Tests.Shared;

namespace Dmarc.Core.Tests.Reports;

public class DailyBucketsTests
{
    [Fact]
    public void A_report_within_one_day_is_one_bucket_with_its_counts()
    {
        var report = ReportParser.Parse(File.ReadAllBytes(RepoPaths.CorpusFile("aggregate", "rfc9990-sample.xml"))).Single();

        var row = Assert.Single(DailyBuckets.Split(report));

        Assert.Equal(new Contribution("example.com", new DateOnly(1979, 8, 7), ReportKeys.For(report), "192.0.2.123", 123, 123, 0, 123, 123, 0, 0), row with { Evidence = [] });
        var evidence = Assert.Single(row.Evidence);
        Assert.Equal(("example.com", 123L), (evidence.HeaderFrom, evidence.Messages));
        Assert.Equal([new DkimEvidence("example.com", "abc123", "pass", true)], evidence.Dkim);
        Assert.Equal(new SpfEvidence("example.com", "fail", true), evidence.Spf);
    }

    [Fact]
    public void A_report_over_several_days_spreads_messages_by_share_and_loses_none()
    {
        // 36 hours: 12 on the first day, 24 on the second.
        var xml = ReportGenerator.Xml(records: 50, distinctIps: 7, begin: 1700049600, end: 1700179200);
        var report = ReportParser.Parse(Encoding.UTF8.GetBytes(xml)).Single();

        var rows = DailyBuckets.Split(report);

        Assert.Equal([new DateOnly(2023, 11, 15), new DateOnly(2023, 11, 16)], rows.Select(r => r.Day).Distinct());
        Assert.Equal(report.Messages, rows.Sum(r => r.Total));
        var firstDay = rows.Where(r => r.Day == new DateOnly(2023, 11, 15)).Sum(r => r.Total);
        Assert.InRange(firstDay, report.Messages / 3 - 50, report.Messages / 3 + 50);
        Assert.All(rows, r => Assert.Equal(r.Total, r.DispositionNone + r.DispositionQuarantine + r.DispositionReject));
    }

    [Theory]
    [InlineData(10, new[] { 0.5, 0.5 }, new long[] { 5, 5 })]
    [InlineData(1, new[] { 0.4, 0.6 }, new long[] { 0, 1 })]
    [InlineData(7, new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }, new long[] { 3, 2, 2 })]
    public void Spreading_keeps_whole_numbers_that_add_up(long count, double[] shares, long[] parts)
    {
        Assert.Equal(parts, DailyBuckets.Spread(count, shares));
    }

    [Fact]
    public void The_key_is_the_same_for_the_same_report_and_differs_for_another_range()
    {
        var report = ReportParser.Parse(Encoding.UTF8.GetBytes(ReportGenerator.Xml(3, 3))).Single();

        Assert.Equal(ReportKeys.For(report), ReportKeys.For(report with { Records = [] }));
        Assert.NotEqual(ReportKeys.For(report), ReportKeys.For(report with { End = report.End.AddDays(1) }));
    }

    [Fact]
    public void Generated_reports_of_any_size_parse_back_exactly()
    {
        var xml = ReportGenerator.Xml(records: 5000, distinctIps: 1200, domains: 5);

        var report = ReportParser.Parse(Encoding.UTF8.GetBytes(xml)).Single();

        Assert.Equal(5000, report.Records.Count);
        Assert.Equal(1200, report.Records.Select(r => r.SourceIp).Distinct().Count());
        Assert.Equal(5, report.Records.Select(r => r.HeaderFrom).Distinct().Count());
    }
}
