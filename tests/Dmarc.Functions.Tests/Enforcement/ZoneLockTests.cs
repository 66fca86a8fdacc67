using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Tests.Monitoring;
using Dmarc.Tests.Shared;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Enforcement;

/// <summary>
/// Blocking a non-sending domain that is a zone of the account's provider: DMARC reject with
/// sp=reject, SPF -all, a null MX where there is none, checked through DNS on PowerDNS; unblocking
/// gives back the zone's record sets exactly; a domain with mail is refused with its numbers.
/// </summary>
public abstract class ZoneLockTests(DnsProviderKind kind)
{
    [Fact]
    public async Task Blocking_locks_dmarc_spf_and_mx_and_unblocking_restores_every_record_set_exactly()
    {
        await using var app = await MonitoringApp.StartAsync(kind, runner: false);
        var zone = app.Domain("parked");
        await app.CreateZoneAsync(zone);
        await app.PutAsync(zone, "_dmarc", "TXT", "v=DMARC1; p=none; pct=50; rua=mailto:agg@reports.example");
        await app.PutAsync(zone, "@", "TXT", "google-site-verification=abc", "v=spf1 include:_spf.google.com ~all");
        await app.Factory.Services.GetRequiredService<IMonitoredDomains>().UpsertAsync(new MonitoredDomain(zone, app.AccountId, null, DateTimeOffset.UtcNow));
        var before = await app.Dns.ListRecordSetsAsync(zone);

        var blocked = await app.Client.PutAsJsonAsync($"/api/domains/{zone}/mode", new { mode = "Blocked" });

        Assert.True(blocked.StatusCode == HttpStatusCode.OK, await blocked.Content.ReadAsStringAsync());
        Assert.Equal(["v=DMARC1; p=reject; rua=mailto:agg@reports.example; sp=reject"], await TxtAsync(app, "_dmarc." + zone));
        Assert.Equal(["google-site-verification=abc", "v=spf1 -all"], (await TxtAsync(app, zone)).Order(StringComparer.Ordinal));
        Assert.Equal(["0 ."], await MxAsync(app, zone));
        if (kind == DnsProviderKind.PowerDns)
        {
            Assert.Equal("Blocked", (await blocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        // Blocking again changes nothing, and keeps the sets from before the first lock.
        Assert.Equal(HttpStatusCode.OK, (await app.Client.PutAsJsonAsync($"/api/domains/{zone}/mode", new { mode = "Blocked" })).StatusCode);
        var unblocked = await app.Client.PutAsJsonAsync($"/api/domains/{zone}/mode", new { mode = "Active" });

        Assert.True(unblocked.StatusCode == HttpStatusCode.OK, await unblocked.Content.ReadAsStringAsync());
        Assert.Equal(before, await app.Dns.ListRecordSetsAsync(zone));
        Assert.Equal(["v=DMARC1; p=none; pct=50; rua=mailto:agg@reports.example"], await TxtAsync(app, "_dmarc." + zone));
        Assert.Empty(await MxAsync(app, zone));
        var audit = (await app.Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/audit") ?? [])
            .Where(a => a.GetProperty("taskId").GetString()!.StartsWith("domain-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(6, audit.Length);
        Assert.Contains(audit, a => a.GetProperty("name").GetString() == zone && a.GetProperty("after").GetString() == "0 .");
    }

    [Fact]
    public async Task A_domain_with_mail_is_refused_with_its_numbers_and_nothing_is_written()
    {
        await using var app = await MonitoringApp.StartAsync(kind, runner: false);
        var zone = app.Domain("busy");
        await app.CreateZoneAsync(zone);
        await app.PutAsync(zone, "_dmarc", "TXT", "v=DMARC1; p=none; rua=mailto:agg@reports.example");
        await app.Factory.Services.GetRequiredService<IMonitoredDomains>().UpsertAsync(new MonitoredDomain(zone, app.AccountId, null, DateTimeOffset.UtcNow));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await EnforcementApp.DayAsync(app, zone, today.AddDays(-2), 300, 290);
        var before = await app.Dns.ListRecordSetsAsync(zone);

        var refused = await app.Client.PutAsJsonAsync($"/api/domains/{zone}/mode", new { mode = "Blocked" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("301 messages from 2 senders", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("290 of them passing DMARC", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.Dns.ListRecordSetsAsync(zone));
    }

    /// <summary>The TXT values at a name: through a real DNS query on PowerDNS (checked against the provider), from the provider otherwise.</summary>
    private async Task<string[]> TxtAsync(MonitoringApp app, string name)
    {
        var held = (await app.Dns.GetRecordSetsAsync(DnsZoneOf(app, name), name)).Where(s => s.Is("TXT")).SelectMany(s => s.Values).ToArray();
        if (kind == DnsProviderKind.PowerDns)
        {
            var answered = (await PowerDns.Resolver().QueryAsync(name, QueryType.TXT)).Answers.TxtRecords().Select(r => string.Concat(r.Text)).ToArray();
            Assert.Equal(held.Order(StringComparer.Ordinal), answered.Order(StringComparer.Ordinal));
        }

        return held;
    }

    private async Task<string[]> MxAsync(MonitoringApp app, string zone)
    {
        var held = (await app.Dns.GetRecordSetsAsync(zone, zone)).Where(s => s.Is("MX")).SelectMany(s => s.Values).ToArray();
        if (kind == DnsProviderKind.PowerDns)
        {
            var answered = (await PowerDns.Resolver().QueryAsync(zone, QueryType.MX)).Answers.OfType<MxRecord>().Select(r => $"{r.Preference} {r.Exchange.Value}").ToArray();
            Assert.Equal(held, answered);
        }

        return held;
    }

    private static string DnsZoneOf(MonitoringApp app, string name) => name.StartsWith("_dmarc.", StringComparison.Ordinal) ? name["_dmarc.".Length..] : name;
}

public sealed class HostedZoneLockTests() : ZoneLockTests(DnsProviderKind.Hosted);

[Collection(PowerDnsTests.Name)]
public sealed class PowerDnsZoneLockTests() : ZoneLockTests(DnsProviderKind.PowerDns);
