using Dmarc.Tests.Shared;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Monitoring;

/// <summary>Which zones an account may hold: not inside or above another account's, not a public suffix, not the service's reporting zone.</summary>
[Collection(PowerDnsTests.Name)]
public class ZoneOwnershipApiTests
{
    [Theory]
    [InlineData(DnsProviderKind.Hosted)]
    [InlineData(DnsProviderKind.PowerDns)]
    public async Task Another_account_cannot_create_a_zone_inside_or_above_an_accounts_zone(DnsProviderKind kind)
    {
        await using var app = await MonitoringApp.StartAsync(kind, runner: false);
        var zone = app.Domain("owned");
        var outer = app.Domain("outer");
        await app.CreateZoneAsync(zone);
        await app.CreateZoneAsync("inner." + outer);
        var (other, client) = await app.OtherAccountAsync();
        app.Track("_dmarc." + zone);
        app.Track(outer);

        var inside = await client.PostAsJsonAsync($"/api/accounts/{other}/zones", new { name = "_dmarc." + zone });
        var above = await client.PostAsJsonAsync($"/api/accounts/{other}/zones", new { name = outer });
        var same = await client.PostAsJsonAsync($"/api/accounts/{other}/zones", new { name = zone });
        var ownNested = await app.Client.PostAsJsonAsync($"/api/accounts/{app.AccountId}/zones", new { name = "sub." + zone });
        app.Track("sub." + zone);

        Assert.Equal((HttpStatusCode.Conflict, $"The zone _dmarc.{zone} is inside {zone}, a zone of another account."), await ProblemAsync(inside));
        Assert.Equal((HttpStatusCode.Conflict, $"The zone {outer} contains inner.{outer}, a zone of another account."), await ProblemAsync(above));
        Assert.Equal(HttpStatusCode.Conflict, same.StatusCode);
        Assert.Equal(HttpStatusCode.Created, ownNested.StatusCode);
        Assert.Empty(await app.Dns.ListZonesAsync(other));
        Assert.Null(await app.Dns.GetZoneAsync(other, "_dmarc." + zone));
    }

    [Theory]
    [InlineData("co.uk")]
    [InlineData("github.io")]
    [InlineData("anything.ck")]
    [InlineData("in-addr.arpa")]
    public async Task Public_suffixes_are_refused(string suffix)
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false);

        var response = await app.Client.PostAsJsonAsync($"/api/accounts/{app.AccountId}/zones", new { name = suffix });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.StartsWith($"{suffix} is a public suffix (Public Suffix List)", errors.GetProperty("name")[0].GetString(), StringComparison.Ordinal);
        Assert.Null(await app.Dns.GetZoneAsync(app.AccountId, suffix));
    }

    [Theory]
    [InlineData(DnsProviderKind.Hosted)]
    [InlineData(DnsProviderKind.PowerDns)]
    public async Task The_reporting_zone_and_names_above_and_below_it_belong_to_the_service(DnsProviderKind kind)
    {
        var service = $"svc-{Guid.NewGuid().ToString("N")[..12]}.example";
        await using var app = await MonitoringApp.StartAsync(kind, runner: false, reportingDomain: "rua." + service);
        foreach (var zone in new[] { app.ReportingDomain, "x." + app.ReportingDomain, service })
        {
            app.Track(zone);
            var response = await app.Client.PostAsJsonAsync($"/api/accounts/{app.AccountId}/zones", new { name = zone });

            var (status, detail) = await ProblemAsync(response);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.EndsWith($"the service's reporting zone {app.ReportingDomain}; no account may create, import into or write it.", detail, StringComparison.Ordinal);
            Assert.Null(await app.Dns.GetZoneAsync(app.AccountId, zone));
        }
    }

    [Fact]
    public async Task A_zone_above_the_reporting_zone_held_from_before_cannot_be_written_or_imported_into()
    {
        var service = $"svc-{Guid.NewGuid().ToString("N")[..12]}.example";
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false, reportingDomain: "rua." + service);
        await app.Dns.CreateZoneAsync(app.AccountId, new DnsZone(service, ZoneKind.Primary, DnssecState.NotSigned));

        var put = await app.Client.PutAsJsonAsync($"/api/accounts/{app.AccountId}/zones/{service}/records/rua/NS", new { values = new[] { "ns.evil.example" } });
        using var file = new StringContent("rua IN NS ns.evil.example.\n", Encoding.UTF8, "text/plain");
        var imported = await app.Client.PostAsync(new Uri($"/api/accounts/{app.AccountId}/zones/{service}/records:import", UriKind.Relative), file);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, imported.StatusCode);
        Assert.Empty(await app.Dns.GetRecordSetsAsync(service, app.ReportingDomain));
    }

    [Theory]
    [InlineData(DnsProviderKind.Hosted)]
    [InlineData(DnsProviderKind.PowerDns)]
    public async Task Administrators_read_whether_the_reporting_zone_authorizes_a_domain(DnsProviderKind kind)
    {
        await using var app = await MonitoringApp.StartAsync(kind, runner: false);
        var domain = app.Domain("authorized");
        var admin = app.Factory.CreateAdminClient();
        var name = $"{domain}._report._dmarc.{app.ReportingDomain}";

        var before = await admin.GetFromJsonAsync<JsonElement>($"/api/reporting/authorizations?domain={domain}");
        await app.Factory.Services.GetRequiredService<ReportingZone>().AuthorizeAsync(domain);
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/reporting/authorizations?domain={domain.ToUpperInvariant()}");
        var byAccount = await app.Client.GetAsync(new Uri($"/api/reporting/authorizations?domain={domain}", UriKind.Relative));
        var missing = await admin.GetAsync(new Uri("/api/reporting/authorizations", UriKind.Relative));

        Assert.Equal((domain, name, false), (before.GetProperty("domain").GetString(), before.GetProperty("name").GetString(), before.GetProperty("exists").GetBoolean()));
        Assert.Equal((name, true, "v=DMARC1"), (after.GetProperty("name").GetString(), after.GetProperty("exists").GetBoolean(), after.GetProperty("value").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, byAccount.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, string Detail)> ProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, body.GetProperty("detail").GetString()!);
    }
}
