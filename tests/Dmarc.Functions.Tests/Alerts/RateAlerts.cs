using System.Net.Http.Json;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Tests.Senders;
using Dmarc.Functions.Tests.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Alerts;

/// <summary>The steps of the rollup-based alert tests: reports in through the blob trigger, ClassifySenders, RollupTimer and EvaluateAlerts in the host's payload shapes.</summary>
internal static class RateAlerts
{
    public const string NoneFired = "alerts fired: 0";

    /// <summary>A new domain of the account, claimed in the registry.</summary>
    public static async Task<string> DomainAsync(AlertsApp app, string accountId)
    {
        var domain = AlertsApp.NewDomain();
        await app.Factory.Services.GetRequiredService<IMonitoredDomains>().UpsertAsync(new MonitoredDomain(domain, accountId, null, app.Clock.GetUtcNow()));
        return domain;
    }

    public static async Task SubscribeAsync(HttpClient owner, object subscription) =>
        (await owner.PostAsJsonAsync("/api/alerts", subscription)).EnsureSuccessStatusCode();

    /// <summary>Ingests a report for the domain dated an hour before the app's clock, with <paramref name="policy"/> published, then classifies its IPs and runs the rollup.</summary>
    public static async Task ReportAsync(AlertsApp app, string domain, string policy, params SenderRow[] rows)
    {
        var begin = app.Clock.GetUtcNow().AddHours(-1).ToUnixTimeSeconds();
        var xml = SenderReports.Xml("r-" + Guid.NewGuid().ToString("N")[..12], domain, begin, rows);
        var text = System.Text.Encoding.UTF8.GetString(xml).Replace("<p>none</p>", $"<p>{policy}</p>", StringComparison.Ordinal);
        (await TriggerPayloads.IngestAsync(app.Factory.CreateClient(), domain + ".xml", System.Text.Encoding.UTF8.GetBytes(text))).EnsureSuccessStatusCode();
        await SenderClassificationTests.DrainAsync(app.Factory);
        await app.TimerAsync("RollupTimer");
    }

    /// <summary>Rows as the domain itself (header_from = the domain).</summary>
    public static SenderRow Unidentified(string domain, string ip, int count) => new(ip, count, [], (domain, "fail"), domain);

    /// <summary>Microsoft 365, recognised by its DKIM d= domain (onmicrosoft.com), SPF aligned.</summary>
    public static SenderRow Microsoft365(string domain, int count) => new("40.107.22.100", count, [("contoso.onmicrosoft.com", "pass")], (domain, "pass"), domain);

    /// <summary>Amazon SES, recognised by its DKIM d= domain; aligned and passing when <paramref name="passing"/>.</summary>
    public static SenderRow AmazonSes(string domain, int count, bool passing = true) =>
        new("54.240.8.20", count, [(domain, passing ? "pass" : "fail"), ("amazonses.com", "pass")], ("amazonses.com", "pass"), domain);
}
