using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Core.Domains;
using Dmarc.Core.IpData;
using Dmarc.Functions.Tests.Alerts;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Dmarc.Functions.Tests.Overview;

/// <summary>The overview and chart endpoints against Azurite: reports in through the blob trigger, the rollup, then the account's view of them.</summary>
public sealed class OverviewApiTests
{
    [Fact]
    public async Task The_overview_sums_the_rollup_per_day_and_gives_each_domain_its_status_and_services()
    {
        await using var app = AlertsApp.Start();
        var (id, client, _) = await app.AccountAsync("Enterprise");
        var enforced = await RateAlerts.DomainAsync(app, id);
        var open = await RateAlerts.DomainAsync(app, id);
        var silent = await RateAlerts.DomainAsync(app, id);
        var locked = await RateAlerts.DomainAsync(app, id);
        await app.Factory.Services.GetRequiredService<IDomainModes>().UpsertAsync(new DomainModeSetting(locked, id, DomainMode.Blocked, null, app.Clock.GetUtcNow()));
        await RateAlerts.ReportAsync(app, enforced, "reject", RateAlerts.AmazonSes(enforced, 900));
        await RateAlerts.ReportAsync(app, open, "none", RateAlerts.Microsoft365(open, 60), RateAlerts.AmazonSes(open, 30, passing: false), RateAlerts.Unidentified(open, "81.2.69.142", 10));

        var overview = await client.GetFromJsonAsync<JsonElement>($"/api/accounts/{id}/overview?days=7");

        var totals = overview.GetProperty("totals");
        Assert.Equal((1000, 960, 40), (totals.GetProperty("messages").GetInt64(), totals.GetProperty("authenticated").GetInt64(), totals.GetProperty("failing").GetInt64()));
        var days = overview.GetProperty("days").EnumerateArray().ToArray();
        Assert.Equal(7, days.Length);
        Assert.Equal(1000, days.Sum(d => d.GetProperty("messages").GetInt64()));
        var domains = overview.GetProperty("domains").EnumerateArray().ToDictionary(d => d.GetProperty("domain").GetString()!);
        Assert.Equal("AtEnforcement", domains[enforced].GetProperty("enforcement").GetString());
        Assert.Equal("NotAtEnforcement", domains[open].GetProperty("enforcement").GetString());
        Assert.Equal("NotSending", domains[silent].GetProperty("enforcement").GetString());
        Assert.Equal("Blocked", domains[locked].GetProperty("enforcement").GetString());
        Assert.Equal(["service_microsoft-365"], domains[open].GetProperty("passing").EnumerateArray().Select(s => s.GetProperty("senderId").GetString()));
        Assert.Equal(["service_amazon-ses"], domains[open].GetProperty("failing").EnumerateArray().Select(s => s.GetProperty("senderId").GetString()));
        var country = app.Factory.Services.GetRequiredService<IIpIntelligence>().Lookup(IPAddress.Parse("81.2.69.142")).Country;
        Assert.Equal([$"{country}:10"], overview.GetProperty("suspiciousCountries").EnumerateArray().Select(c => $"{c.GetProperty("country").GetString()}:{c.GetProperty("messages").GetInt64()}"));
        Assert.Equal(1, overview.GetProperty("enforcement").GetProperty("NotSending").GetInt32());
    }

    [Theory]
    [InlineData("disposition")]
    [InlineData("dmarc-status")]
    [InlineData("authentication-failures")]
    [InlineData("enforcement-status")]
    [InlineData("suspicious-countries")]
    public async Task Each_chart_is_served_as_a_png(string chart)
    {
        await using var app = AlertsApp.Start();
        var (id, client, _) = await app.AccountAsync("Monitor");
        var domain = await RateAlerts.DomainAsync(app, id);
        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.AmazonSes(domain, 90), RateAlerts.Unidentified(domain, "81.2.69.142", 10));

        var response = await client.GetAsync($"/api/accounts/{id}/charts/{chart}.png?days=14");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var bitmap = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((800, 400), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task Bad_days_an_unknown_chart_and_another_account_are_refused()
    {
        await using var app = AlertsApp.Start();
        var (id, client, _) = await app.AccountAsync("Monitor");
        var (other, _, _) = await app.AccountAsync("Monitor");

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/accounts/{id}/overview?days=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/accounts/{id}/charts/disposition.png?days=367")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/accounts/{id}/charts/pie.png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/accounts/{id}/charts/disposition")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/accounts/{other}/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/accounts/{other}/charts/disposition.png")).StatusCode);
    }
}
