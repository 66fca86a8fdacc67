using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Senders;

/// <summary>GET /api/domains/{domain}/senders and the approve and deny actions, over reports classified through the queue function.</summary>
[Collection(PowerDnsTests.Name)]
public class SendersApiTests
{
    private const string Window = "days=30&to=2025-12-01";

    [Fact]
    public async Task The_senders_of_a_domain_are_grouped_with_volumes_rates_countries_and_decisions()
    {
        await using var zones = await SenderClassificationTests.ZonesAsync();
        await using var app = new DmarcAppFactory();
        var (accountId, key) = await AccountAsync(app, "Senders Co");
        await app.Services.GetRequiredService<IMonitoredDomains>().TryClaimAsync(new MonitoredDomain("example.com", accountId, null, DateTimeOffset.UtcNow));
        await SenderClassificationTests.IngestAsync(app);
        await SenderClassificationTests.DrainAsync(app);
        (await TriggerPayloads.PostAsync(app.CreateClient(), "RollupTimer", TriggerPayloads.Timer(false))).EnsureSuccessStatusCode();
        var owner = app.CreateClientWith(key);

        var senders = await owner.GetFromJsonAsync<JsonElement>($"/api/domains/Example.COM/senders?{Window}");

        Assert.Equal(("2025-11-02", "2025-12-01", 710L), (senders.GetProperty("from").GetString(), senders.GetProperty("to").GetString(), Messages(senders)));
        Assert.Equal(["service_sendgrid", "service_amazon-ses", "service_microsoft-365"], Ids(senders, "services"));
        var sendgrid = senders.GetProperty("services")[0];
        Assert.Equal(("SendGrid", "Transactional", 300L, 100.0, "Passing"), (sendgrid.GetProperty("name").GetString(), sendgrid.GetProperty("category").GetString(), Messages(sendgrid), Rate(sendgrid, "dmarcPassRate"), sendgrid.GetProperty("volume").GetProperty("band").GetString()));
        var forwarder = Assert.Single(senders.GetProperty("forwarders").EnumerateArray());
        Assert.Equal(("forwarder_forwarder-test.example", 25L, 100.0, 0.0), (forwarder.GetProperty("id").GetString(), Messages(forwarder), Rate(forwarder, "dkimAlignedRate"), Rate(forwarder, "spfAlignedRate")));
        Assert.Equal(["hosted_159.89.100.20", "hosted_159.89.100.21", "hosted_54.240.8.21", "hosted_2a01:4f8:c17:1::26"], Ids(senders, "hostedServers"));
        var hosted = senders.GetProperty("hostedServers")[0];
        Assert.Equal(("159.89.100.20", "DigitalOcean", 14061, 40L, 100.0), (hosted.GetProperty("ip").GetString(), hosted.GetProperty("name").GetString(), hosted.GetProperty("asn").GetInt32(), Messages(hosted), Rate(hosted, "spfAlignedRate")));
        Assert.Matches("^[A-Z]{2}$", hosted.GetProperty("country").GetString());
        Assert.Equal(hosted.GetProperty("country").GetString(), hosted.GetProperty("topCountries")[0].GetProperty("country").GetString());
        var unidentified = senders.GetProperty("unidentified");
        Assert.Equal((10L, 1, 0.0), (Messages(unidentified), unidentified.GetProperty("ips").GetInt32(), Rate(unidentified, "dmarcPassRate")));
        Assert.Equal(0, senders.GetProperty("awaitingClassification").GetInt32());

        // The latest rollup: the 30-day window ending on the list's last day, per sender.
        var rolled = sendgrid.GetProperty("rollup");
        Assert.Equal(("2025-11-02", "2025-12-01", 300L, 100.0, "Passing"), (rolled.GetProperty("from").GetString(), rolled.GetProperty("to").GetString(), Messages(rolled), Rate(rolled, "dmarcPassRate"), rolled.GetProperty("volume").GetProperty("band").GetString()));
        var forwarded = forwarder.GetProperty("rollup").GetProperty("volume");
        Assert.Equal((0.0, 100.0, 25L), (forwarded.GetProperty("dkimFailureRate").GetDouble(), forwarded.GetProperty("spfFailureRate").GetDouble(), forwarded.GetProperty("dispositionNone").GetInt64()));
        Assert.Equal(710L, Messages(senders.GetProperty("rollup")));

        // A hosted server without aligned passes, and unidentified traffic, cannot be approved; one with SPF aligned passes can.
        var refused = await owner.PostAsync(new Uri($"/api/domains/example.com/senders/hosted_54.240.8.21:approve?{Window}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("No aligned SPF or DKIM pass was seen from 54.240.8.21 (Amazon Web Services)", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsync(new Uri($"/api/domains/example.com/senders/unidentified:approve?{Window}", UriKind.Relative), null)).StatusCode);
        var approved = await owner.PostAsync(new Uri($"/api/domains/example.com/senders/hosted_159.89.100.20:approve?{Window}", UriKind.Relative), null);
        Assert.Equal("Approved", (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decision").GetString());
        (await owner.PostAsync(new Uri($"/api/domains/example.com/senders/service_sendgrid:deny?{Window}", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var ipv6 = await owner.PostAsync(new Uri($"/api/domains/example.com/senders/hosted_2a01:4f8:c17:1::26:approve?{Window}", UriKind.Relative), null);
        Assert.Equal(("2a01:4f8:c17:1::26", "Hetzner Online", "Approved"), ((await ipv6.Content.ReadFromJsonAsync<JsonElement>()) is var v6 ? (v6.GetProperty("ip").GetString(), v6.GetProperty("name").GetString(), v6.GetProperty("decision").GetString()) : default));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync(new Uri($"/api/domains/example.com/senders/service_mailchimp:approve?{Window}", UriKind.Relative), null)).StatusCode);

        var after = await owner.GetFromJsonAsync<JsonElement>($"/api/domains/example.com/senders?{Window}");
        Assert.Equal("Denied", after.GetProperty("services")[0].GetProperty("decision").GetString());
        Assert.Equal("Approved", after.GetProperty("hostedServers")[0].GetProperty("decision").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("services")[1].GetProperty("decision").ValueKind);
    }

    [Fact]
    public async Task Only_the_domains_account_sees_its_senders_and_the_window_is_checked()
    {
        await using var app = new DmarcAppFactory();
        var (accountId, key) = await AccountAsync(app, "Owner Co");
        var (_, strangerKey) = await AccountAsync(app, "Stranger Co");
        await app.Services.GetRequiredService<IMonitoredDomains>().TryClaimAsync(new MonitoredDomain("owned.example", accountId, null, DateTimeOffset.UtcNow));

        var empty = await app.CreateClientWith(key).GetFromJsonAsync<JsonElement>("/api/domains/owned.example/senders");

        Assert.Equal((0L, 0), (Messages(empty), empty.GetProperty("services").GetArrayLength()));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClientWith(strangerKey).GetAsync(new Uri("/api/domains/owned.example/senders", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClientWith(strangerKey).PostAsync(new Uri("/api/domains/owned.example/senders/unidentified:deny", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClientWith(key).GetAsync(new Uri("/api/domains/nobody.example/senders", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateAdminClient().GetAsync(new Uri("/api/domains/owned.example/senders", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(new Uri("/api/domains/owned.example/senders", UriKind.Relative))).StatusCode);
        foreach (var days in new[] { "0", "367" })
        {
            var invalid = await app.CreateClientWith(key).GetAsync(new Uri($"/api/domains/owned.example/senders?days={days}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.Equal("'days' must be 1 to 366.", (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("days")[0].GetString());
        }
    }

    private static long Messages(JsonElement item) => item.GetProperty("volume").GetProperty("messages").GetInt64();

    private static double Rate(JsonElement item, string name) => item.GetProperty("volume").GetProperty(name).GetDouble();

    private static string[] Ids(JsonElement senders, string group) => [.. senders.GetProperty(group).EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];

    private static async Task<(string Id, string Key)> AccountAsync(DmarcAppFactory app, string name)
    {
        var response = await app.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name, ownerEmails = new[] { "o@owner.example" }, edition = "Monitor" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("apiKey").GetString()!);
    }
}
