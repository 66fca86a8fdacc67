using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dmarc.Core.Alerts;
using Dmarc.Core.ExecutiveReports;
using Dmarc.Core.Overview;
using Dmarc.Functions.Tests.Alerts;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SkiaSharp;

namespace Dmarc.Functions.Tests.Overview;

/// <summary>The weekly executive report against Azurite and MailDev: produced after the week ends, mailed once with every chart inline, stored and listed.</summary>
public sealed class ExecutiveReportTests
{
    [Fact]
    public async Task The_weekly_report_is_mailed_once_with_every_chart_inline_and_stored()
    {
        await using var app = AlertsApp.Start();
        var (id, client, _) = await app.AccountAsync("Enterprise");
        var open = await RateAlerts.DomainAsync(app, id);
        var email = AlertsApp.Address("executive");
        await RateAlerts.SubscribeAsync(client, new { type = "ExecutiveReportReady", email, cadence = "weekly" });
        await RateAlerts.ReportAsync(app, open, "none", RateAlerts.Microsoft365(open, 60), RateAlerts.AmazonSes(open, 30, passing: false), RateAlerts.Unidentified(open, "81.2.69.142", 10));

        // A week on, the week that held the report is the last complete one.
        app.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Contains("Executive reports produced: 1 weekly, 0 monthly", await app.TimerAsync("SendExecutiveReports"), StringComparison.Ordinal);

        var mail = Assert.Single(await AlertsApp.MailAsync(email, ExecutiveReportMessage.Subject));
        // The message as delivered (MailDev's JSON rewrites cid: links): every chart a PNG part of the HTML's multipart/related, named by the HTML.
        using var delivered = await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(await MailDev.SourceAsync(mail.GetProperty("id").GetString()!))));
        var html = delivered.HtmlBody;
        var alternative = Assert.IsType<MultipartAlternative>(delivered.Body);
        var related = Assert.Single(alternative.OfType<MultipartRelated>());
        var images = related.OfType<MimePart>().Where(p => p.ContentType.MimeType == "image/png").ToArray();
        Assert.Equal(Enum.GetValues<OverviewChart>().Length, images.Length);
        foreach (var chart in Enum.GetValues<OverviewChart>())
        {
            var cid = ExecutiveReportMessage.ContentId(chart);
            var image = Assert.Single(images, i => i.ContentId == cid);
            using var png = new MemoryStream();
            await image.Content!.DecodeToAsync(png);
            using var bitmap = SKBitmap.Decode(png.ToArray());
            Assert.Equal((OverviewCharts.DefaultWidth, OverviewCharts.DefaultHeight), (bitmap.Width, bitmap.Height));
            Assert.Contains($"src=\"cid:{cid}\"", html, StringComparison.Ordinal);
            Assert.Matches($"src=\"cid:{System.Text.RegularExpressions.Regex.Escape(cid)}\" alt=\"[^\"]+\"", html);
        }

        Assert.Contains(open, html, StringComparison.Ordinal); // not at enforcement, and its services
        var text = delivered.TextBody;
        Assert.Contains("Authenticated (DMARC pass): 60 (60.0 %)", text, StringComparison.Ordinal);
        Assert.Contains($"- {open}: not at enforcement, p=none, 100 messages", text, StringComparison.Ordinal);
        Assert.Contains($"- {open}: passing Microsoft 365 (100.0 % of 60); failing ", text, StringComparison.Ordinal);

        // The same day again, and the next day: the week is done, nothing more is mailed.
        Assert.Contains("Executive reports produced: 0 weekly", await app.TimerAsync("SendExecutiveReports"), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Contains("Executive reports produced: 0 weekly", await app.TimerAsync("SendExecutiveReports"), StringComparison.Ordinal);
        Assert.Equal(1, await AlertsApp.CountAsync(email, ExecutiveReportMessage.Subject));

        var listed = Assert.Single(await client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{id}/executive-reports") ?? []);
        var reportId = listed.GetProperty("id").GetString()!;
        Assert.StartsWith("weekly-", reportId, StringComparison.Ordinal);
        var page = await client.GetAsync($"/api/accounts/{id}/executive-reports/{reportId}");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var pageHtml = await page.Content.ReadAsStringAsync();
        Assert.Equal(Enum.GetValues<OverviewChart>().Length, pageHtml.Split("src=\"data:image/png;base64,").Length - 1);
        Assert.Contains(AlertDelivery.NotificationKind, (await AlertsApp.AlertNotificationsAsync(client, id)).Select(n => n.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task A_run_that_fails_after_mailing_and_before_storing_mails_nothing_twice_when_run_again()
    {
        var archive = new FailingOnceArchive();
        await using var app = AlertsApp.Start(s => s.AddSingleton<IExecutiveReportArchive>(sp => archive.Around(ActivatorUtilities.CreateInstance<Dmarc.Adapters.ExecutiveReports.BlobExecutiveReportArchive>(sp))));
        var (id, client, _) = await app.AccountAsync("Enterprise");
        var domain = await RateAlerts.DomainAsync(app, id);
        var email = AlertsApp.Address("executive");
        await RateAlerts.SubscribeAsync(client, new { type = "ExecutiveReportReady", email, cadence = "weekly" });
        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.Microsoft365(domain, 60));
        app.Clock.Advance(TimeSpan.FromDays(7));

        var failed = await TriggerPayloads.PostAsync(app.Factory.CreateClient(), "SendExecutiveReports", TriggerPayloads.Timer(pastDue: false));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Single(await AlertsApp.MailAsync(email, ExecutiveReportMessage.Subject));
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{id}/executive-reports") ?? []);

        Assert.Contains("Executive reports produced: 1 weekly", await app.TimerAsync("SendExecutiveReports"), StringComparison.Ordinal);
        Assert.Single(await client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{id}/executive-reports") ?? []);
        Assert.Equal(1, await AlertsApp.CountAsync(email, ExecutiveReportMessage.Subject));
    }

    /// <summary>The real archive, except that the first store fails (the step after the e-mail).</summary>
    private sealed class FailingOnceArchive
    {
        private int _failed;

        public IExecutiveReportArchive Around(IExecutiveReportArchive inner) => new Wrapper(inner, this);

        private sealed class Wrapper(IExecutiveReportArchive inner, FailingOnceArchive owner) : IExecutiveReportArchive
        {
            public Task<bool> ExistsAsync(string accountId, string id, CancellationToken cancellationToken = default) => inner.ExistsAsync(accountId, id, cancellationToken);

            public Task AddAsync(StoredExecutiveReport report, string html, CancellationToken cancellationToken = default) =>
                Interlocked.Exchange(ref owner._failed, 1) == 0 ? throw new IOException("injected: storage failed after the e-mail") : inner.AddAsync(report, html, cancellationToken);

            public Task<IReadOnlyList<StoredExecutiveReport>> ListAsync(string accountId, CancellationToken cancellationToken = default) => inner.ListAsync(accountId, cancellationToken);

            public Task<string?> GetHtmlAsync(string accountId, string id, CancellationToken cancellationToken = default) => inner.GetHtmlAsync(accountId, id, cancellationToken);
        }
    }

    [Fact]
    public async Task An_account_without_the_subscription_or_without_the_edition_gets_no_report_and_others_cannot_read_one()
    {
        await using var app = AlertsApp.Start();
        var (quiet, quietClient, _) = await app.AccountAsync("Enterprise");
        var (monitor, _, _) = await app.AccountAsync("Monitor");
        await RateAlerts.ReportAsync(app, await RateAlerts.DomainAsync(app, quiet), "none", RateAlerts.Microsoft365("quiet.example", 5));
        await RateAlerts.ReportAsync(app, await RateAlerts.DomainAsync(app, monitor), "none", RateAlerts.Microsoft365("monitor.example", 5));
        app.Clock.Advance(TimeSpan.FromDays(7));

        Assert.Contains("Executive reports produced: 0 weekly, 0 monthly", await app.TimerAsync("SendExecutiveReports"), StringComparison.Ordinal);
        Assert.Empty(await quietClient.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{quiet}/executive-reports") ?? []);
        Assert.Equal(HttpStatusCode.NotFound, (await quietClient.GetAsync($"/api/accounts/{quiet}/executive-reports/weekly-20261123")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await quietClient.GetAsync($"/api/accounts/{quiet}/executive-reports/..%2F..%2Fother")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await quietClient.GetAsync($"/api/accounts/{monitor}/executive-reports")).StatusCode);
    }
}
