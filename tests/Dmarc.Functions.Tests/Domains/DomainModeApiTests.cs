using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using static Dmarc.Functions.Tests.Domains.DomainStatusApp;

namespace Dmarc.Functions.Tests.Domains;

/// <summary>PUT /api/domains/{domain}/mode against the local PowerDNS: what real DNS serves after each switch.</summary>
[Collection(PowerDnsTests.Name)]
public sealed class DomainModeApiTests
{
    private const string Reject = "v=DMARC1; p=reject; sp=reject; rua=" + OurRua;

    [Fact]
    public async Task An_active_domain_is_blocked_with_p_reject_served_through_dns_and_made_active_again()
    {
        await using var app = await StartAsync();
        var domain = await app.DomainAsync("parked", DelegatedToUs());

        var blocked = await app.SetModeAsync(domain, "Blocked");

        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        var body = await blocked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Blocked", "reject", true, "AwaitingFirstReport"), Summary(body));
        Assert.Equal([Reject], await ServedTxtAsync(domain));
        Assert.Equal(("Blocked", "reject", true, "AwaitingFirstReport"), Summary((await app.ListAsync())[domain]));

        var active = await app.SetModeAsync(domain, "Active");

        Assert.Equal(HttpStatusCode.OK, active.StatusCode);
        Assert.Equal(("Active", "none", false, "AwaitingFirstReport"), Summary(await active.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(["v=DMARC1; p=none; rua=" + OurRua], await ServedTxtAsync(domain));
        var audit = await app.Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/audit") ?? [];
        var changes = audit.Where(a => a.GetProperty("zone").GetString() == domain).Select(a => (a.GetProperty("name").GetString(), a.GetProperty("after").GetString())).ToArray();
        Assert.Contains(("_dmarc." + domain, Reject), changes);
        Assert.Contains(("_dmarc." + domain, "v=DMARC1; p=none; rua=" + OurRua), changes);
    }

    [Fact]
    public async Task A_newly_delegated_domain_set_to_active_gets_the_monitoring_record_served()
    {
        await using var app = await StartAsync();
        var domain = await app.DomainAsync("fresh", DelegatedToUs());
        Assert.Empty(await ServedTxtAsync(domain));

        var active = await app.SetModeAsync(domain, "Active");

        Assert.Equal(HttpStatusCode.OK, active.StatusCode);
        Assert.Equal(("Active", "none", false, "AwaitingFirstReport"), Summary(await active.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(["v=DMARC1; p=none; rua=" + OurRua], await ServedTxtAsync(domain));
        Assert.Equal(HttpStatusCode.OK, (await app.SetModeAsync(domain, "Active")).StatusCode);
        var audit = await app.Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/audit") ?? [];
        Assert.Single(audit, a => a.GetProperty("zone").GetString() == domain);
    }

    [Fact]
    public async Task Reporting_only_and_not_configured_domains_whose_zone_the_service_does_not_hold_get_409_with_the_reason_and_dns_is_unchanged()
    {
        await using var app = await StartAsync();
        var reporting = await ForeignDomainAsync(app, "txt-only", Txt($"v=DMARC1; p=none; rua={OurRua}"));
        var nothing = await ForeignDomainAsync(app, "unset");

        var toBlocked = await app.SetModeAsync(reporting, "Blocked");
        var toActive = await app.SetModeAsync(nothing, "Active");

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (toBlocked.StatusCode, toActive.StatusCode));
        Assert.Contains($"{reporting} is ReportingOnly", await toBlocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"{nothing} is NotConfigured", await toActive.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([$"v=DMARC1; p=none; rua={OurRua}"], await ServedTxtAsync(reporting));
        Assert.Empty(await ServedTxtAsync(nothing));
        Assert.Equal(HttpStatusCode.NotFound, (await app.SetModeAsync(app.Domain("not-registered"), "Blocked")).StatusCode);
        var invalid = await app.Client.PutAsJsonAsync($"/api/domains/{reporting}/mode", new { mode = "Paused" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.PutAsJsonAsync($"/api/domains/{reporting}/mode", new { force = true })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.PutAsJsonAsync($"/api/domains/{reporting}/mode", new { mode = 7 })).StatusCode);
    }

    /// <summary>A domain the account monitors whose zone is served by PowerDNS but is not one of the account's zones (its DNS is elsewhere).</summary>
    private static async Task<string> ForeignDomainAsync(Monitoring.MonitoringApp app, string label, params (string Type, string[] Contents)[] dmarc)
    {
        var zone = app.Domain(label);
        await app.Dns.CreateZoneAsync("elsewhere", new Dmarc.Core.Dns.DnsZone(zone, Dmarc.Core.Dns.ZoneKind.Primary, Dmarc.Core.Dns.DnssecState.NotSigned));
        app.Track(zone);
        foreach (var (type, contents) in dmarc)
        {
            await PowerDns.PutRrsetAsync(zone, "_dmarc." + zone, type, contents);
        }

        await app.Factory.Services.GetRequiredService<Dmarc.Core.Monitoring.IMonitoredDomains>().UpsertAsync(new Dmarc.Core.Monitoring.MonitoredDomain(zone, app.AccountId, null, DateTimeOffset.UtcNow));
        return zone;
    }

    [Fact]
    public async Task A_domain_that_sends_mail_is_blocked_only_when_forced()
    {
        await using var app = await StartAsync();
        var domain = await app.DomainAsync("sending", DelegatedToUs());
        var end = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        var xml = ReportGenerator.Xml(records: 2, distinctIps: 1, policyDomain: domain, reportId: "sending-1", begin: end - 3600, end: end);
        Assert.True((await TriggerPayloads.IngestAsync(app.Factory.CreateClient(), "drop/sending.xml", Encoding.UTF8.GetBytes(xml))).IsSuccessStatusCode);

        var refused = await app.SetModeAsync(domain, "Blocked");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains($"{domain} sent mail in the last 30 days", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await ServedTxtAsync(domain));

        var forced = await app.SetModeAsync(domain, "Blocked", force: true);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal(("Blocked", "reject", true, "Receiving"), Summary(await forced.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal([Reject], await ServedTxtAsync(domain));
    }
}
