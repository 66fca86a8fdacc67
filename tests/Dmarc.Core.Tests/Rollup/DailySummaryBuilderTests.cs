using Dmarc.Core.Reports;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;

namespace Dmarc.Core.Tests.Rollup;

/// <summary>The per-IP list of unidentified traffic keeps the day's largest <see cref="SenderDay.MaxIps"/> IPs; the counts keep every message.</summary>
public class DailySummaryBuilderTests
{
    private static readonly DateOnly Day = new(2026, 11, 30);

    private static SenderDay Unidentified(int ips)
    {
        // IP i sends i + 1 messages, so IP 0 is the smallest; two rows of one IP are summed before the cap.
        var rows = Enumerable.Range(0, ips).SelectMany(i => new[]
        {
            new Contribution("example.com", Day, "r1", $"2001:db8::{i:x}", i, 0, 0, 0, i, 0, 0),
            new Contribution("example.com", Day, "r2", $"2001:db8::{i:x}", 1, 0, 0, 0, 1, 0, 0),
        });
        var summary = DailySummaryBuilder.Build("example.com", Day, rows, new Dictionary<string, SenderClassification>(), _ => null, default);
        return Assert.Single(summary.Senders);
    }

    [Fact]
    public void Exactly_the_cap_keeps_every_ip()
    {
        var day = Unidentified(SenderDay.MaxIps);

        Assert.Equal(SenderDay.MaxIps, day.Ips.Count);
        Assert.Equal(("2001:db8::3e7", 1000L), (day.Ips[0].Ip, day.Ips[0].Messages));
        Assert.Equal(("2001:db8::0", 1L), (day.Ips[^1].Ip, day.Ips[^1].Messages));
    }

    [Fact]
    public void One_ip_over_the_cap_drops_only_the_smallest_from_the_list_and_nothing_from_the_counts()
    {
        var day = Unidentified(SenderDay.MaxIps + 1);

        Assert.Equal(SenderDay.MaxIps, day.Ips.Count);
        Assert.DoesNotContain(day.Ips, ip => ip.Ip == "2001:db8::0");
        Assert.Equal(("2001:db8::1", 2L), (day.Ips[^1].Ip, day.Ips[^1].Messages));
        Assert.Equal(Enumerable.Range(1, SenderDay.MaxIps + 1).Sum(i => (long)i), day.Counts.Messages);
    }
}
