using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Core.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Dmarc.Functions.Tests.Enforcement;

/// <summary>The Enforcement Status chart (the overview and the executive report draw it from the same counts) follows a plan to reject and a lock.</summary>
public sealed class EnforcementStatusChartTests
{
    [Fact]
    public async Task Domains_move_from_not_at_enforcement_and_not_sending_to_at_enforcement_and_blocked()
    {
        await using var app = await EnforcementApp.StartAsync(DnsProviderKind.Hosted, "v=DMARC1; p=none; rua=mailto:agg@reports.example", new() { ["Enforcement:DwellDays"] = "0" });
        await app.PassingAsync(app.Today.AddDays(-14), app.Today.AddDays(-1));
        var parked = app.App.Domain("parked");
        await app.App.CreateZoneAsync(parked);
        await app.App.PutAsync(parked, "_dmarc", "TXT", "v=DMARC1; p=none; rua=mailto:agg@reports.example");
        await app.App.Factory.Services.GetRequiredService<IMonitoredDomains>().UpsertAsync(new MonitoredDomain(parked, app.App.AccountId, null, app.Clock.GetUtcNow()));
        var chartBefore = await ChartAsync(app);

        Assert.Equal((1, 1, 0, 0), await CountsAsync(app));

        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync("enforcement")).Status);
        for (var step = 1; step <= 3; step++)
        {
            Assert.Contains("1 advanced", await app.DailyRunAsync(), StringComparison.Ordinal);
        }

        // p=quarantine at pct=50 applies to half the failing mail: not at enforcement yet.
        Assert.Equal((1, 1, 0, 0), await CountsAsync(app));
        Assert.Contains("1 advanced", await app.DailyRunAsync(), StringComparison.Ordinal);
        Assert.Contains("1 advanced", await app.DailyRunAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.PutAsJsonAsync($"/api/domains/{parked}/mode", new { mode = "Blocked" })).StatusCode);

        Assert.Equal((0, 0, 1, 1), await CountsAsync(app));
        var chartAfter = await ChartAsync(app);
        Assert.NotEqual(chartBefore, chartAfter);
    }

    /// <summary>(NotAtEnforcement, NotSending, AtEnforcement, Blocked) over the last 30 days.</summary>
    private static async Task<(int, int, int, int)> CountsAsync(EnforcementApp app)
    {
        var counts = (await app.Client.GetFromJsonAsync<JsonElement>($"/api/accounts/{app.App.AccountId}/overview?days=30")).GetProperty("enforcement");
        return (counts.GetProperty("NotAtEnforcement").GetInt32(), counts.GetProperty("NotSending").GetInt32(), counts.GetProperty("AtEnforcement").GetInt32(), counts.GetProperty("Blocked").GetInt32());
    }

    private static async Task<byte[]> ChartAsync(EnforcementApp app)
    {
        var png = await app.Client.GetByteArrayAsync(new Uri($"/api/accounts/{app.App.AccountId}/charts/enforcement-status.png?days=30", UriKind.Relative));
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((800, 400), (bitmap.Width, bitmap.Height));
        return png;
    }
}
