using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Adapters.Dns;

namespace Dmarc.Functions.Tests.Monitoring;

/// <summary>GET .../zones/{zone}/records: what a zone holds, so a user can see what enable and disable changed.</summary>
public class RecordSetsApiTests
{
    [Theory]
    [InlineData(DnsProviderKind.Hosted)]
    [InlineData(DnsProviderKind.PowerDns)]
    public async Task Members_see_the_record_sets_of_a_zone_and_what_enable_changed(DnsProviderKind kind)
    {
        await using var app = await MonitoringApp.StartAsync(kind);
        var zone = app.Domain("listed");
        await app.CreateZoneAsync(zone);
        await app.PutAsync(zone, "www", "A", "192.0.2.10");
        var member = await MemberAsync(app);

        var before = await member.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/zones/{zone}/records");
        await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable"));
        var after = await member.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/zones/{zone}/records");

        Assert.DoesNotContain(before!, s => s.GetProperty("name").GetString() == "_dmarc." + zone);
        Assert.Contains(before!, s => s.GetProperty("name").GetString() == "www." + zone && s.GetProperty("type").GetString() == "A");
        var dmarc = Assert.Single(after!, s => s.GetProperty("name").GetString() == "_dmarc." + zone);
        Assert.Equal("TXT", dmarc.GetProperty("type").GetString());
        Assert.Equal($"v=DMARC1; p=none; rua=mailto:{DmarcAppFactory.ReportingMailbox}", dmarc.GetProperty("values")[0].GetString());
        Assert.DoesNotContain(after!, s => s.GetProperty("type").GetString() == "SOA");
    }

    [Fact]
    public async Task Another_account_gets_404_the_admin_key_403_and_an_unknown_zone_404()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false);
        var zone = app.Domain("private");
        await app.CreateZoneAsync(zone);
        var (_, other) = await app.OtherAccountAsync();

        var path = $"/api/accounts/{app.AccountId}/zones/{zone}/records";
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Factory.CreateAdminClient().GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync(new Uri($"/api/accounts/{app.AccountId}/zones/{app.Domain("missing")}/records", UriKind.Relative))).StatusCode);
    }

    private static async Task<HttpClient> MemberAsync(MonitoringApp app)
    {
        var added = await app.Client.PostAsJsonAsync($"/api/accounts/{app.AccountId}/users", new { email = $"member-{Guid.NewGuid():N}@contoso.example", role = "Member" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        return app.Factory.CreateClientWith((await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!);
    }
}
