using System.Text;
using Dmarc.Core.Reports;
using Dmarc.Core.Senders;
using Dmarc.Tests.Shared;

namespace Dmarc.Core.Tests.Senders;

public class SenderLookupBatchTests
{
    [Fact]
    public void A_report_becomes_messages_of_its_distinct_ips_with_every_day_it_covers()
    {
        var report = ReportParser.Parse(Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 700, distinctIps: 520))).Single();
        var rows = DailyBuckets.Split(report);

        var batches = SenderLookupBatch.For(rows, 250);

        Assert.Equal([250, 250, 20], batches.Select(b => b.Ips.Count));
        Assert.Equal(520, batches.SelectMany(b => b.Ips).Distinct().Count());
        Assert.All(batches, b => Assert.Equal([new DateOnly(2023, 11, 14), new DateOnly(2023, 11, 15)], b.Days));
        Assert.All(batches, b => Assert.Equal(ReportKeys.For(report), b.ReportKey));
        Assert.Throws<ArgumentOutOfRangeException>(() => SenderLookupBatch.For(rows, SenderLookupBatch.MaxIps + 1));
    }
}
