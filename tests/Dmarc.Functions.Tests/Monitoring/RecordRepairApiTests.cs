using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Tests.Shared;
using DnsClient;

namespace Dmarc.Functions.Tests.Monitoring;

/// <summary>A record that receivers ignore is skipped by enable and repaired only when the customer asks: previewed, written, audited.</summary>
[Collection(PowerDnsTests.Name)]
public sealed class RecordRepairApiTests
{
    [Fact]
    public async Task A_skipped_record_is_repaired_on_request_after_a_dry_run_that_changes_nothing()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.PowerDns);
        var zone = app.Domain("repair");
        await app.CreateZoneAsync(zone);
        await PowerDns.PutRrsetAsync(zone, "_dmarc." + zone, "TXT", "\" v=DMARC1; p=reject\"");
        var skipped = MonitoringApp.Zones(await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable")))[zone];
        Assert.Equal(("Skipped", "InvalidRecord"), (skipped.GetProperty("outcome").GetString(), skipped.GetProperty("reason").GetString()));

        var preview = await app.Client.PostAsync(new Uri($"/api/domains/{zone}/record:repair?dryRun=true", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var planned = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((" v=DMARC1; p=reject", "v=DMARC1; p=reject", true), (planned.GetProperty("before").GetString(), planned.GetProperty("after").GetString(), planned.GetProperty("dryRun").GetBoolean()));
        Assert.Equal(" v=DMARC1; p=reject", await TxtAsync(zone));

        var repaired = await app.Client.PostAsync(new Uri($"/api/domains/{zone}/record:repair", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, repaired.StatusCode);
        Assert.Equal("v=DMARC1; p=reject", await TxtAsync(zone));
        var audit = await app.Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/audit") ?? [];
        Assert.Contains(audit, a => a.GetProperty("zone").GetString() == zone && a.GetProperty("before").GetString() == " v=DMARC1; p=reject" && a.GetProperty("after").GetString() == "v=DMARC1; p=reject");

        var again = await app.Client.PostAsync(new Uri($"/api/domains/{zone}/record:repair", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var enabled = MonitoringApp.Zones(await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable")))[zone];
        Assert.Equal("Updated", enabled.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Another_accounts_domain_is_not_found()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false);

        var response = await app.Client.PostAsync(new Uri("/api/domains/not-mine.example/record:repair?dryRun=true", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<string> TxtAsync(string zone) =>
        string.Concat(Assert.Single((await PowerDns.Resolver().QueryAsync("_dmarc." + zone, QueryType.TXT)).Answers.TxtRecords()).Text);
}
