using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dmarc.Adapters.Dns;

namespace Dmarc.Functions.Tests.Monitoring;

public class ZonesApiTests
{
    [Fact]
    public async Task Zones_and_records_are_created_listed_and_imported_from_a_zone_file_leaving_the_apex_ns_to_the_platform()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false);
        var zone = app.Domain("imported");
        await app.CreateZoneAsync(zone);
        const string file = """
            $TTL 900
            @       IN NS  ns1.example.net.
            www     IN A   192.0.2.10
            _dmarc  IN TXT ( "v=DMARC1; p=quarantine; "
                             "rua=mailto:a@x.example" )
            """;

        using var content = new StringContent(file, Encoding.UTF8, "text/plain");
        var imported = await app.Client.PostAsync(new Uri($"/api/accounts/{app.AccountId}/zones/{zone}/records:import", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var result = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 2, 1), (result.GetProperty("recordSets").GetInt32(), result.GetProperty("records").GetInt32(), result.GetProperty("ignored").GetInt32()));
        Assert.Equal("v=DMARC1; p=quarantine; rua=mailto:a@x.example", await app.DmarcValueAsync(zone));
        var zones = await app.Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/zones");
        Assert.Contains(zones!, z => z.GetProperty("name").GetString() == zone && z.GetProperty("kind").GetString() == "Primary");
    }

    [Fact]
    public async Task A_broken_zone_file_is_refused_with_its_line_and_writes_nothing()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false);
        var zone = app.Domain("broken");
        await app.CreateZoneAsync(zone);

        using var content = new StringContent("www IN A 192.0.2.1\n_dmarc IN TXT \"v=DMARC1; p=none\n", Encoding.UTF8, "text/plain");
        var response = await app.Client.PostAsync(new Uri($"/api/accounts/{app.AccountId}/zones/{zone}/records:import", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Line 2: A quoted string is not closed.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await app.Dns.GetRecordSetsAsync(zone, "www." + zone));
    }

    [Fact]
    public async Task Bad_zone_and_record_input_gets_400_duplicates_409_and_other_accounts_404()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false);
        var zone = app.Domain("mine");
        await app.CreateZoneAsync(zone);

        var badName = await app.Client.PostAsJsonAsync($"/api/accounts/{app.AccountId}/zones", new { name = "not a domain" });
        var duplicate = await app.Client.PostAsJsonAsync($"/api/accounts/{app.AccountId}/zones", new { name = zone });
        var badRecord = await app.Client.PutAsJsonAsync($"/api/accounts/{app.AccountId}/zones/{zone}/records/www.other.example./A", new { ttl = -1, values = Array.Empty<string>() });
        var otherAccount = await app.Client.GetAsync(new Uri("/api/accounts/acc_someone_else/zones", UriKind.Relative));
        var otherZone = await app.Client.PutAsJsonAsync($"/api/accounts/{app.AccountId}/zones/unknown.example/records/www/A", new { values = new[] { "192.0.2.1" } });

        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Contains("'not a domain' is not a domain name.", await badName.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRecord.StatusCode);
        var errors = (await badRecord.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["name", "ttl", "values"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(HttpStatusCode.NotFound, otherAccount.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherZone.StatusCode);
    }

    [Fact]
    public async Task Tasks_of_another_account_are_not_found()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false);
        var taskId = await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable");
        var stranger = await app.Factory.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name = "Other", ownerEmails = new[] { "x@other.example" }, edition = "Monitor" });
        var key = (await stranger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;

        var response = await app.Factory.CreateClientWith(key).GetAsync(new Uri($"/api/tasks/{taskId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
