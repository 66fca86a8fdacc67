using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Onboarding;

/// <summary>An account adds a domain only for its own zones or after proving control with a TXT record in public DNS (the local PowerDNS).</summary>
[Collection(PowerDnsTests.Name)]
public class DomainProofTests
{
    [Fact]
    public async Task A_domain_outside_the_accounts_zones_is_added_only_once_its_txt_challenge_is_published()
    {
        await using var app = new OnboardingApp();
        var home = await app.ExistingDomainAsync("prover");
        var owner = $"owner-{Guid.NewGuid():N}@{home}";
        var (accountId, client) = await app.ActiveAccountAsync(owner, home);
        var target = await app.ExistingDomainAsync("proof");

        var asked = await client.PostAsJsonAsync($"/api/accounts/{accountId}/domains", new { domain = target });

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var challenge = await asked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"_dmarc-monitor-challenge.{target}", challenge.GetProperty("recordName").GetString());
        Assert.Equal("TXT", challenge.GetProperty("recordType").GetString());
        var value = challenge.GetProperty("value").GetString()!;
        Assert.True(value.Length > 40, value);
        Assert.Null(await app.Factory.Services.GetRequiredService<IMonitoredDomains>().GetAsync(target));
        var again = await (await client.PostAsJsonAsync($"/api/accounts/{accountId}/domains", new { domain = target })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(value, again.GetProperty("value").GetString());

        var verifyUri = new Uri($"/api/accounts/{accountId}/domains/{target}:verify", UriKind.Relative);
        var early = await client.PostAsync(verifyUri, null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains($"No TXT record at _dmarc-monitor-challenge.{target} holds the challenge value yet", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await app.Factory.Services.GetRequiredService<IMonitoredDomains>().GetAsync(target));

        await PowerDns.CreateProvider().UpsertRecordSetAsync(target, new RecordSet($"_dmarc-monitor-challenge.{target}", "TXT", 60, [value]));
        var verified = await client.PostAsync(verifyUri, null);

        Assert.Equal(HttpStatusCode.Created, verified.StatusCode);
        Assert.Equal(accountId, (await app.Factory.Services.GetRequiredService<IMonitoredDomains>().GetAsync(target))!.AccountId);
        await Eventually.GetAsync(
            () => MailDev.MessagesToAsync(owner),
            m => m.Any(x => x.GetProperty("subject").GetString() == "New Domain Added" && x.GetProperty("text").GetString()!.Contains(target, StringComparison.Ordinal)),
            what: $"'New Domain Added' for {target}");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(verifyUri, null)).StatusCode);
    }

    [Fact]
    public async Task Zones_of_the_account_are_added_at_once_and_another_accounts_zone_needs_proof()
    {
        await using var app = new OnboardingApp();
        var domainA = await app.ExistingDomainAsync("zone-a");
        var (accountA, clientA) = await app.ActiveAccountAsync($"owner-{Guid.NewGuid():N}@{domainA}", domainA);
        var domainB = await app.ExistingDomainAsync("zone-b");
        var (accountB, clientB) = await app.ActiveAccountAsync($"owner-{Guid.NewGuid():N}@{domainB}", domainB);
        var zone = $"hosted-{app.Factory.Prefix}.example";
        Assert.Equal(HttpStatusCode.Created, (await clientA.PostAsJsonAsync($"/api/accounts/{accountA}/zones", new { name = zone })).StatusCode);

        var byB = await clientB.PostAsJsonAsync($"/api/accounts/{accountB}/domains", new { domain = zone });
        var below = await clientA.PostAsJsonAsync($"/api/accounts/{accountA}/domains", new { domain = $"mail.{zone}" });
        var itself = await clientA.PostAsJsonAsync($"/api/accounts/{accountA}/domains", new { domain = zone });

        Assert.Equal(HttpStatusCode.Accepted, byB.StatusCode);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (below.StatusCode, itself.StatusCode));
        var verifyByB = await clientB.PostAsync(new Uri($"/api/accounts/{accountB}/domains/{zone}:verify", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, verifyByB.StatusCode);
        Assert.Contains("already managed by another account", await verifyByB.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(accountA, (await app.Factory.Services.GetRequiredService<IMonitoredDomains>().GetAsync(zone))!.AccountId);
    }

    [Fact]
    public async Task Verifying_without_a_challenge_says_how_to_get_one()
    {
        await using var app = new OnboardingApp();
        var home = await app.ExistingDomainAsync("nochallenge");
        var (accountId, client) = await app.ActiveAccountAsync($"owner-{Guid.NewGuid():N}@{home}", home);

        var response = await client.PostAsync(new Uri($"/api/accounts/{accountId}/domains/never-asked.example:verify", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains($"POST /api/accounts/{accountId}/domains", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
