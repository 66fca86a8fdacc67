using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Tests.Senders;
using Dmarc.Functions.Tests.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Rollup;

/// <summary>GET /api/domains/{domain}/rates after reports were ingested and the RollupTimer ran, through the function app on Azurite.</summary>
public class RatesApiTests
{
    private static readonly long Nov29 = new DateTimeOffset(2025, 11, 29, 8, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private static readonly long Dec1 = new DateTimeOffset(2025, 12, 1, 8, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public async Task The_rates_are_a_per_day_series_of_the_rollup_and_a_late_report_lands_on_its_own_day()
    {
        await using var app = new DmarcAppFactory();
        var (accountId, key) = await AccountAsync(app, "Rates Co");
        var (_, strangerKey) = await AccountAsync(app, "Stranger Co");
        await app.Services.GetRequiredService<IMonitoredDomains>().TryClaimAsync(new MonitoredDomain("rates.example", accountId, null, DateTimeOffset.UtcNow));
        var client = app.CreateClient();
        (await TriggerPayloads.IngestAsync(client, "dec1.xml", SenderReports.Xml("r-dec1", "rates.example", Dec1,
            new SenderRow("192.0.2.10", 90, [("rates.example", "pass")], null, "rates.example"), new SenderRow("192.0.2.11", 10, [], ("other.example", "fail"), "rates.example")))).EnsureSuccessStatusCode();
        (await TriggerPayloads.PostAsync(client, "RollupTimer", TriggerPayloads.Timer(false))).EnsureSuccessStatusCode();
        var owner = app.CreateClientWith(key);

        var rates = await owner.GetFromJsonAsync<JsonElement>("/api/domains/rates.example/rates?days=3&to=2025-12-01");

        Assert.Equal(("rates.example", "2025-11-29", "2025-12-01"), (rates.GetProperty("domain").GetString(), rates.GetProperty("from").GetString(), rates.GetProperty("to").GetString()));
        Assert.Equal([("2025-11-29", 0L, 0L), ("2025-11-30", 0L, 0L), ("2025-12-01", 100L, 90L)], Days(rates));
        var dec1 = rates.GetProperty("days")[2].GetProperty("counts");
        Assert.Equal((10L, 90.0, "PartiallyPassing"), (dec1.GetProperty("dmarcFail").GetInt64(), dec1.GetProperty("dmarcPassRate").GetDouble(), dec1.GetProperty("band").GetString()));

        // A report arriving later for an earlier day counts on that day; the run after it leaves the others as they were.
        (await TriggerPayloads.IngestAsync(client, "nov29.xml", SenderReports.Xml("r-nov29", "rates.example", Nov29,
            new SenderRow("192.0.2.12", 5, [], ("other.example", "fail"), "rates.example")))).EnsureSuccessStatusCode();
        var run = await TriggerPayloads.PostAsync(client, "RollupTimer", TriggerPayloads.Timer(false));
        Assert.Contains("1 daily summaries of 1 domains", await run.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([("2025-11-29", 5L, 0L), ("2025-11-30", 0L, 0L), ("2025-12-01", 100L, 90L)], Days(await owner.GetFromJsonAsync<JsonElement>("/api/domains/rates.example/rates?days=3&to=2025-12-01")));
        Assert.Equal(30, (await owner.GetFromJsonAsync<JsonElement>("/api/domains/rates.example/rates")).GetProperty("days").GetArrayLength());

        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClientWith(strangerKey).GetAsync(new Uri("/api/domains/rates.example/rates", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateAdminClient().GetAsync(new Uri("/api/domains/rates.example/rates", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync(new Uri("/api/domains/rates.example/rates?days=0", UriKind.Relative))).StatusCode);
    }

    private static (string, long, long)[] Days(JsonElement rates) =>
        [.. rates.GetProperty("days").EnumerateArray().Select(d => (d.GetProperty("day").GetString()!, d.GetProperty("counts").GetProperty("messages").GetInt64(), d.GetProperty("counts").GetProperty("dmarcPass").GetInt64()))];

    private static async Task<(string Id, string Key)> AccountAsync(DmarcAppFactory app, string name)
    {
        var response = await app.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name, ownerEmails = new[] { "o@owner.example" }, edition = "Monitor" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("apiKey").GetString()!);
    }
}
