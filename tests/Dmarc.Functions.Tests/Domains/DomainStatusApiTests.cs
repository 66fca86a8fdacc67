using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using static Dmarc.Functions.Tests.Domains.DomainStatusApp;

namespace Dmarc.Functions.Tests.Domains;

/// <summary>Domain statuses read from real DNS (the local PowerDNS), the listing's reporting state, and who may see them.</summary>
[Collection(PowerDnsTests.Name)]
public sealed class DomainStatusApiTests
{
    [Fact]
    public async Task Each_dns_set_up_gets_its_status_policy_and_enforcement()
    {
        await using var app = await StartAsync();
        var active = await app.DomainAsync("active", DelegatedToUs());
        var reporting = await app.DomainAsync("reporting", Txt($"v=DMARC1; p=quarantine; rua=mailto:dmarc@example.net,{OurRua}"));
        var rejecting = await app.DomainAsync("rejecting", Txt("v=DMARC1; p=reject; rua=mailto:dmarc@example.net"));
        var nothing = await app.DomainAsync("nothing");
        var elsewhere = await app.DomainAsync("elsewhere", ("NS", ["ns1.other-vendor.example."]));
        // A registered domain that no zone on the server holds: PowerDNS answers REFUSED.
        var refused = app.Domain("no-zone");
        Assert.True(await app.Factory.Services.GetRequiredService<IMonitoredDomains>().TryClaimAsync(new MonitoredDomain(refused, app.AccountId, null, DateTimeOffset.UtcNow)));

        var list = await app.ListAsync();

        Assert.Equal(("Active", null, false, "AwaitingFirstReport"), Summary(list[active]));
        Assert.Equal(("ReportingOnly", "quarantine", true, "AwaitingFirstReport"), Summary(list[reporting]));
        Assert.Equal(("NotConfigured", "reject", true, "DnsNotConfigured"), Summary(list[rejecting]));
        Assert.Equal(("NotConfigured", null, false, "DnsNotConfigured"), Summary(list[nothing]));
        Assert.Equal(("NotConfigured", null, false, "DnsNotConfigured"), Summary(list[elsewhere]));
        Assert.Equal(("Unknown", null, false, "Unknown"), Summary(list[refused]));
        Assert.Equal(
            $"_dmarc.{active} is delegated to the service's name servers (ns1.dmarc-monitor.example, ns2.dmarc-monitor.example). _dmarc.{active} has no DMARC record. " +
            "Setting the mode to Active serves v=DMARC1; p=none with the service's rua.",
            list[active].GetProperty("detail").GetString());
        Assert.Contains("not the service's (ns1.other-vendor.example)", list[elsewhere].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Refused", list[refused].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.All(list.Values, d => Assert.False(d.GetProperty("sending").GetBoolean()));
        Assert.Equal(6, list.Count);
    }

    [Fact]
    public async Task The_reporting_state_moves_from_awaiting_to_receiving_when_a_report_is_ingested()
    {
        await using var app = await StartAsync();
        var domain = await app.DomainAsync("reports", Txt($"v=DMARC1; p=none; rua={OurRua}"));
        Assert.Equal(("ReportingOnly", "none", false, "AwaitingFirstReport"), Summary((await app.ListAsync())[domain]));

        var end = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
        var xml = ReportGenerator.Xml(records: 3, distinctIps: 2, policyDomain: domain, reportId: "status-1", begin: end - 86399, end: end);
        var before = DateTimeOffset.UtcNow;
        var ingested = await TriggerPayloads.IngestAsync(app.Factory.CreateClient(), "drop/status.xml", Encoding.UTF8.GetBytes(xml));
        Assert.True(ingested.IsSuccessStatusCode, await ingested.Content.ReadAsStringAsync());

        var listed = (await app.ListAsync())[domain];
        Assert.Equal(("ReportingOnly", "none", false, "Receiving"), Summary(listed));
        Assert.True(listed.GetProperty("sending").GetBoolean());
        var lastReportAt = listed.GetProperty("reporting").GetProperty("lastReportAt").GetDateTimeOffset();
        Assert.InRange(lastReportAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Only_the_accounts_own_users_see_its_domains_and_only_owners_switch_modes()
    {
        await using var app = await StartAsync();
        var domain = await app.DomainAsync("private", DelegatedToUs());
        var (_, other) = await app.OtherAccountAsync();
        var added = await app.Client.PostAsJsonAsync($"/api/accounts/{app.AccountId}/users", new { email = $"member-{Guid.NewGuid():N}@contoso.example", role = "Member" });
        var member = app.Factory.CreateClientWith((await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!);

        Assert.Empty(await app.ListAsync(other));
        Assert.Equal(HttpStatusCode.NotFound, (await app.SetModeAsync(domain, "Blocked", client: other)).StatusCode);
        Assert.Contains(domain, (await app.ListAsync(member)).Keys);
        var byMember = await app.SetModeAsync(domain, "Blocked", client: member);
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Factory.CreateAdminClient().GetAsync(new Uri("/api/domains", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Factory.CreateClient().GetAsync(new Uri("/api/domains", UriKind.Relative))).StatusCode);
        Assert.Empty(await ServedTxtAsync(domain));

        var one = await member.GetFromJsonAsync<JsonElement>($"/api/domains/{domain.ToUpperInvariant()}");
        Assert.Equal((domain, "Active"), (one.GetProperty("domain").GetString(), one.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/api/domains/{domain}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync(new Uri($"/api/domains/{app.Domain("unregistered")}", UriKind.Relative))).StatusCode);
    }
}
