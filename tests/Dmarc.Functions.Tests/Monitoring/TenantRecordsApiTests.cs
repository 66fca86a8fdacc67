using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Tests.Shared;
using DnsClient;

namespace Dmarc.Functions.Tests.Monitoring;

/// <summary>What accounts may write into their zones, against the real PowerDNS (enable-lua-records=yes).</summary>
[Collection(PowerDnsTests.Name)]
public class TenantRecordsApiTests
{
    [Fact]
    public async Task A_lua_record_is_refused_by_put_and_by_import_and_never_reaches_powerdns()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.PowerDns, runner: false);
        var zone = app.Domain("lua");
        await app.CreateZoneAsync(zone);
        const string code = "TXT \"io.popen('id'):read('*a')\"";

        var put = await app.Client.PutAsJsonAsync($"/api/accounts/{app.AccountId}/zones/{zone}/records/pwn/LUA", new { values = new[] { code } });
        var alias = await app.Client.PutAsJsonAsync($"/api/accounts/{app.AccountId}/zones/{zone}/records/pwn/ALIAS", new { values = new[] { "target.example.net." } });
        var imported = await ImportAsync(app, zone, $"www IN A 192.0.2.1\npwn IN LUA {code}\n");

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.StartsWith("LUA is a provider-specific record type", (await ErrorsAsync(put)).GetProperty("type")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, alias.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, imported.StatusCode);
        Assert.Contains($"pwn.{zone} LUA: LUA is a provider-specific record type", (await ErrorsAsync(imported)).GetProperty("zoneFile")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(await app.Dns.GetRecordSetsAsync(zone, "pwn." + zone));
        Assert.Empty(await app.Dns.GetRecordSetsAsync(zone, "www." + zone));
        Assert.Empty((await PowerDns.Resolver().QueryAsync("pwn." + zone, QueryType.TXT)).Answers);
    }

    [Fact]
    public async Task Records_of_every_allowed_type_are_written_canonical_and_answered_by_powerdns()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.PowerDns, runner: false);
        var zone = app.Domain("types");
        await app.CreateZoneAsync(zone);

        var written = new Dictionary<string, string>();
        foreach (var (label, type, value) in new[]
        {
            ("www", "A", "192.0.2.10"), ("www", "AAAA", "2001:DB8::10"), ("@", "MX", "10 Mail.Example.NET"), ("_sip._tcp", "SRV", "10 5 5060 sip.example.net"),
            ("@", "CAA", "0 issue letsencrypt.org"), ("@", "TXT", "v=spf1 -all"), ("deleg", "NS", "ns1.example.net"), ("web", "CNAME", "www." + zone),
        })
        {
            var response = await app.Client.PutAsJsonAsync($"/api/accounts/{app.AccountId}/zones/{zone}/records/{label}/{type}", new { ttl = 300, values = new[] { value } });
            Assert.True(response.IsSuccessStatusCode, $"{type}: {await response.Content.ReadAsStringAsync()}");
            written[type] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("values")[0].GetString()!;
        }

        Assert.Equal(("2001:db8::10", "10 mail.example.net.", "0 issue \"letsencrypt.org\""), (written["AAAA"], written["MX"], written["CAA"]));
        var dns = PowerDns.Resolver();
        Assert.Equal("192.0.2.10", Assert.Single((await dns.QueryAsync("www." + zone, QueryType.A)).Answers.ARecords()).Address.ToString());
        Assert.Equal("mail.example.net.", Assert.Single((await dns.QueryAsync(zone, QueryType.MX)).Answers.MxRecords()).Exchange.Value);
        Assert.Equal("letsencrypt.org", Assert.Single((await dns.QueryAsync(zone, QueryType.CAA)).Answers.CaaRecords()).Value);
        Assert.Equal(5060, Assert.Single((await dns.QueryAsync("_sip._tcp." + zone, QueryType.SRV)).Answers.SrvRecords()).Port);
    }

    [Fact]
    public async Task Bad_values_misplaced_types_and_oversized_sets_get_400_naming_the_field()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.PowerDns, runner: false);
        var zone = app.Domain("badvalues");
        await app.CreateZoneAsync(zone);

        async Task<(HttpStatusCode, string)> PutAsync(string label, string type, params string[] values)
        {
            var response = await app.Client.PutAsJsonAsync($"/api/accounts/{app.AccountId}/zones/{zone}/records/{label}/{type}", new { values });
            var errors = await ErrorsAsync(response);
            var field = Assert.Single(errors.EnumerateObject());
            return (response.StatusCode, $"{field.Name}: {field.Value[0].GetString()}");
        }

        Assert.Equal((HttpStatusCode.BadRequest, "values: values[0]: '300.1.1.1' is not an IPv4 address (four numbers 0-255 separated by dots, e.g. 192.0.2.1)."), await PutAsync("www", "A", "300.1.1.1"));
        Assert.Equal((HttpStatusCode.BadRequest, "values: values[0]: '192.0.2.1' is not an IPv6 address (e.g. 2001:db8::1)."), await PutAsync("www", "AAAA", "192.0.2.1"));
        Assert.StartsWith("values: values[0]: 'mail' is not 'preference host'", (await PutAsync("@", "MX", "mail")).Item2, StringComparison.Ordinal);
        Assert.StartsWith("values: values[0]: '1 2 sip' is not 'priority weight port target'", (await PutAsync("_sip._udp", "SRV", "1 2 sip")).Item2, StringComparison.Ordinal);
        Assert.StartsWith("values: values[0]: '0 tbs x' is not 'flags tag \"value\"'", (await PutAsync("@", "CAA", "0 tbs x")).Item2, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "type: The apex NS records belong to the platform; NS records delegate names below the apex only."), await PutAsync("@", "NS", "ns.evil.example"));
        Assert.Equal((HttpStatusCode.BadRequest, "type: PTR records belong in reverse zones (in-addr.arpa or ip6.arpa) only."), await PutAsync("host", "PTR", "host.example.net"));
        Assert.Equal(
            (HttpStatusCode.BadRequest, "values: A record set holds at most 100 values; this one has 101."),
            await PutAsync("many", "A", [.. Enumerable.Range(0, 101).Select(i => $"192.0.2.{i}")]));
        Assert.Empty(await app.Dns.GetRecordSetsAsync(zone, "many." + zone));
    }

    [Fact]
    public async Task A_cname_cannot_share_its_name_or_sit_at_the_apex_through_put_or_import()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.PowerDns, runner: false);
        var zone = app.Domain("cname");
        await app.CreateZoneAsync(zone);
        await app.PutAsync(zone, "www", "TXT", "hello");

        var beside = await app.Client.PutAsJsonAsync($"/api/accounts/{app.AccountId}/zones/{zone}/records/www/CNAME", new { values = new[] { "web.example.net" } });
        var apex = await app.Client.PutAsJsonAsync($"/api/accounts/{app.AccountId}/zones/{zone}/records/@/CNAME", new { values = new[] { "web.example.net" } });
        var imported = await ImportAsync(app, zone, "ok IN A 192.0.2.1\nwww IN CNAME web.example.net.\n");

        Assert.Equal($"A CNAME cannot share its name with other records; www.{zone} has TXT.", (await ErrorsAsync(beside)).GetProperty("type")[0].GetString());
        Assert.Equal("A CNAME cannot sit at the zone apex.", (await ErrorsAsync(apex)).GetProperty("type")[0].GetString());
        Assert.Equal($"www.{zone} CNAME: A CNAME cannot share its name with other records; www.{zone} has TXT.", (await ErrorsAsync(imported)).GetProperty("zoneFile")[0].GetString());
        Assert.Empty(await app.Dns.GetRecordSetsAsync(zone, "ok." + zone));
        Assert.Equal("TXT", Assert.Single(await app.Dns.GetRecordSetsAsync(zone, "www." + zone)).Type);
    }

    [Fact]
    public async Task An_imported_zone_file_with_relative_host_names_is_answered_by_powerdns()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.PowerDns, runner: false);
        var zone = app.Domain("relative");
        await app.CreateZoneAsync(zone);

        var imported = await ImportAsync(app, zone, "@ IN NS ns1.example.net.\n@ IN MX 10 mail\nmail IN A 192.0.2.25\nwww IN CNAME mail\n");

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var answer = await PowerDns.Resolver().QueryAsync(zone, QueryType.MX);
        Assert.Equal($"mail.{zone}.", Assert.Single(answer.Answers.MxRecords()).Exchange.Value);
        Assert.Equal($"mail.{zone}.", Assert.Single((await PowerDns.Resolver().QueryAsync("www." + zone, QueryType.CNAME)).Answers.CnameRecords()).CanonicalName.Value);
    }

    private static async Task<HttpResponseMessage> ImportAsync(MonitoringApp app, string zone, string file)
    {
        using var content = new StringContent(file, Encoding.UTF8, "text/plain");
        return await app.Client.PostAsync(new Uri($"/api/accounts/{app.AccountId}/zones/{zone}/records:import", UriKind.Relative), content);
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }
}
