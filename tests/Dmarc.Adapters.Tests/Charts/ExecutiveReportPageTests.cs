using System.Text.RegularExpressions;
using Dmarc.Adapters.Charts;
using Dmarc.Core.Alerts;
using Dmarc.Core.ExecutiveReports;
using Dmarc.Core.Notifications;
using Dmarc.Core.Overview;

namespace Dmarc.Adapters.Tests.Charts;

/// <summary>The executive report page and e-mail of a generated month (DMARC_CHART_DIR keeps the page, for the screenshot in docs/).</summary>
public class ExecutiveReportPageTests
{
    private static readonly Uri Location = new("https://dmarc.example/executive-reports/monthly-20261101");

    private static Dictionary<OverviewChart, byte[]> Charts(AccountOverview overview) =>
        Enum.GetValues<OverviewChart>().ToDictionary(c => c, c => new ScottPlotCharts().RenderPng(c, overview, OverviewCharts.DefaultWidth, OverviewCharts.DefaultHeight));

    [Fact]
    public void The_page_embeds_every_chart_with_alt_text_and_lists_the_domains_not_at_enforcement()
    {
        var overview = ChartData.Month();

        var page = ExecutiveReportMessage.Page(overview, AlertCadence.Monthly, Charts(overview), Location);

        Assert.Equal(5, Regex.Count(page, "<img src=\"data:image/png;base64,[A-Za-z0-9+/=]+\" alt=\"[^\"]+\""));
        Assert.DoesNotContain("display:grid", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", page, StringComparison.Ordinal);
        Assert.Contains($"<td style=\"{EmailLayout.Cell}\">shop.example.com</td><td style=\"{EmailLayout.Cell}\">not at enforcement</td>", page, StringComparison.Ordinal);
        Assert.Contains("p=quarantine; pct=50", page, StringComparison.Ordinal);
        Assert.DoesNotContain($">parked.example</td><td style=\"{EmailLayout.Cell}\">blocked", page, StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("DMARC_CHART_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "executive-report.html"), page);
        }
    }

    [Fact]
    public void The_email_names_each_inline_chart_by_content_id_and_says_in_text_what_each_shows()
    {
        var overview = ChartData.Month();

        var email = ExecutiveReportMessage.Email(overview, AlertCadence.Monthly, Charts(overview), Location);

        Assert.Equal(Enum.GetValues<OverviewChart>().Select(ExecutiveReportMessage.ContentId), email.Images.Select(i => i.ContentId));
        Assert.All(email.Images, i => Assert.Contains($"src=\"cid:{i.ContentId}\"", email.Html, StringComparison.Ordinal));
        Assert.Contains("Monthly DMARC report, 1 Nov 2026 to 30 Nov 2026", email.Text, StringComparison.Ordinal);
        Assert.Contains("Domains at enforcement or blocked: 2 of 5", email.Text, StringComparison.Ordinal);
        Assert.Contains("- Enforcement status of your domains: 1 at enforcement, 2 not at enforcement, 1 blocked, 1 not sending.", email.Text, StringComparison.Ordinal);
        Assert.Contains("- shop.example.com: passing Microsoft 365 (99.1 % of 200,000); failing Mailchimp (41.0 % of 12,000)", email.Text, StringComparison.Ordinal);
        Assert.Contains(Location.ToString(), email.Text, StringComparison.Ordinal);
    }
}
