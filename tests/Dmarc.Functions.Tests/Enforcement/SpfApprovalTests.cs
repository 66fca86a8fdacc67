using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Core.Senders;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Enforcement;

/// <summary>
/// Approving and denying senders keeps the domain's SPF record in step, on each DNS provider: a
/// service's include (from a catalogue entry whose include the local PowerDNS serves), a hosted
/// server's ip4, dry runs, exact undo, and the refusals (more than 10 lookups through a chain of
/// includes served by PowerDNS, two SPF records, invalid SPF), each writing nothing.
/// </summary>
public abstract class SpfApprovalTests(DnsProviderKind kind)
{
    public const string HostedIp = "198.51.100.7";

    [Fact]
    public async Task Approving_adds_the_include_and_the_ip_and_denying_undoes_each_exactly()
    {
        await using var spf = await SpfApp.StartAsync(kind);
        var original = await spf.App.Dns.ListRecordSetsAsync(spf.Zone);

        var dry = await spf.DecideAsync("service_localmail", "approve?dryRun=true");
        Assert.Equal(HttpStatusCode.OK, dry.Status);
        Assert.Equal((JsonValueKind.Null, $"v=spf1 include:{spf.Include} ~all", true), (dry.Body.GetProperty("spf").GetProperty("before").ValueKind, dry.Body.GetProperty("spf").GetProperty("after").GetString(), dry.Body.GetProperty("dryRun").GetBoolean()));
        Assert.Equal(original, await spf.App.Dns.ListRecordSetsAsync(spf.Zone));

        Assert.Equal(HttpStatusCode.OK, (await spf.DecideAsync("service_localmail", "approve")).Status);
        Assert.Equal($"v=spf1 include:{spf.Include} ~all", await spf.SpfAsync());
        Assert.Equal(HttpStatusCode.OK, (await spf.DecideAsync("hosted_" + HostedIp, "approve")).Status);
        Assert.Equal($"v=spf1 include:{spf.Include} ip4:{HostedIp} ~all", await spf.SpfAsync());

        Assert.Equal(HttpStatusCode.OK, (await spf.DecideAsync("hosted_" + HostedIp, "deny")).Status);
        Assert.Equal($"v=spf1 include:{spf.Include} ~all", await spf.SpfAsync());
        Assert.Equal(HttpStatusCode.OK, (await spf.DecideAsync("service_localmail", "deny")).Status);
        Assert.Null(await spf.SpfAsync());
        Assert.Equal(original, await spf.App.Dns.ListRecordSetsAsync(spf.Zone));

        var audit = (await spf.App.Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{spf.App.AccountId}/audit") ?? []).Where(a => a.GetProperty("taskId").GetString() == "sender-spf").ToArray();
        Assert.Equal(4, audit.Length);
    }

    [Fact]
    public async Task A_change_past_ten_lookups_two_spf_records_or_invalid_spf_is_refused_and_nothing_is_written()
    {
        await using var spf = await SpfApp.StartAsync(kind);
        // include:big costs 1, big's a mx ptr exists include 5, n1's a mx ptr include 4: 10 lookups, the most RFC 7208 §4.6.4 allows.
        await spf.ServeAsync("big", $"v=spf1 a mx ptr exists:x.{spf.Includes} include:n1.{spf.Includes} ~all");
        await spf.ServeAsync("n1", $"v=spf1 a mx ptr include:n2.{spf.Includes}");
        await spf.ServeAsync("n2", "v=spf1 ip4:192.0.2.1");
        foreach (var (values, reason) in new (string[], string)[]
        {
            ([$"v=spf1 include:big.{spf.Includes} ~all"], "need at least 11 DNS lookups (counting stops past the limit); receivers allow 10 (RFC 7208 §4.6.4)"),
            (["v=spf1 ip4:192.0.2.1 ~all", "v=spf1 -all"], "has 2 SPF records"),
            (["v=spf1 ip4:192.0.2.1 mailer ~all"], "is not valid ('mailer' is not an SPF mechanism or modifier"),
            ([$"v=spf1 include:missing.{spf.Includes} ~all"], $"missing.{spf.Includes} has no SPF record"),
        })
        {
            await spf.App.PutAsync(spf.Zone, "@", "TXT", values);
            var before = await spf.App.Dns.ListRecordSetsAsync(spf.Zone);

            var refused = await spf.DecideAsync("service_localmail", "approve");

            Assert.Equal(HttpStatusCode.Conflict, refused.Status);
            Assert.Contains(reason, refused.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(before, await spf.App.Dns.ListRecordSetsAsync(spf.Zone));
            Assert.Empty(await spf.App.Factory.Services.GetRequiredService<ISenderDecisions>().ListAsync(spf.Zone));
        }
    }
}

public sealed class HostedSpfApprovalTests() : SpfApprovalTests(DnsProviderKind.Hosted);

[Collection(PowerDnsTests.Name)]
public sealed class PowerDnsSpfApprovalTests() : SpfApprovalTests(DnsProviderKind.PowerDns);
