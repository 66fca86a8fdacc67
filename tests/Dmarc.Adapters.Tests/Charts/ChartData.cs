using Dmarc.Core.Overview;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;

namespace Dmarc.Adapters.Tests.Charts;

/// <summary>A generated 30-day overview: weekly rhythm, a spoofing spike, every enforcement status, ten countries.</summary>
internal static class ChartData
{
    public static AccountOverview Month(int days = 30)
    {
        var to = new DateOnly(2026, 11, 30);
        var from = to.AddDays(1 - days);
        var series = Enumerable.Range(0, days).Select(i =>
        {
            var day = from.AddDays(i);
            long messages = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 4_000 : 12_000 + (i * 150);
            var fail = i == days - 8 ? 9_000 : messages / 20;
            var quarantined = fail / 2;
            var rejected = fail / 4;
            return new OverviewDay(day, messages + (i == days - 8 ? 9_000 : 0), messages, fail, messages + fail - quarantined - rejected, quarantined, rejected,
                Math.Round(100.0 * (fail + (i % 5 * 100)) / (messages + fail), 1), Math.Round(100.0 * fail / (messages + fail), 1));
        }).ToArray();
        var total = new RollupCounts(series.Sum(d => d.Messages), series.Sum(d => d.DmarcPass), 0, 0, series.Sum(d => d.Delivered), series.Sum(d => d.Quarantined), series.Sum(d => d.Rejected));
        ServiceRate[] passing = [new("service_microsoft-365", "Microsoft 365", SenderClass.Service, 200_000, 99.1, PassBand.Passing)];
        ServiceRate[] failing = [new("service_mailchimp", "Mailchimp", SenderClass.Service, 12_000, 41.0, PassBand.Failing)];
        DomainOverview[] domains =
        [
            new("example.com", EnforcementStatus.AtEnforcement, "reject", null, 300_000, 97.0, passing, []),
            new("shop.example.com", EnforcementStatus.NotAtEnforcement, "none", null, 40_000, 70.0, passing, failing),
            new("news.example.com", EnforcementStatus.NotAtEnforcement, "quarantine", 50, 9_000, 90.0, [], failing),
            new("parked.example", EnforcementStatus.Blocked, "reject", null, 120, 0, [], []),
            new("old.example", EnforcementStatus.NotSending, null, null, 0, 0, [], []),
        ];
        string[] countries = ["US", "CN", "RU", "BR", "IN", "DE", "VN", "NL", "FR", "KR"];
        return new AccountOverview("acct_charts", from, to, OverviewTotals.Of(total), series, domains,
            [.. countries.Select((c, i) => new CountryVolume(c, 5_000 / (i + 1)))]);
    }
}
