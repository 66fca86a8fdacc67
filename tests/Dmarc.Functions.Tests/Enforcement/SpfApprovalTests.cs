using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dmarc.Adapters.Dns;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Senders;
using Dmarc.Functions.Tests.Monitoring;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using DnsClient;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dmarc.Functions.Tests.Enforcement;

/// <summary>
/// Approving and denying senders keeps the domain's SPF record in step, on each DNS provider: a
/// service's include (from a catalogue entry whose include the local PowerDNS serves), a hosted
/// server's ip4, dry runs, exact undo, and the refusals (more than 10 lookups through a chain of
/// includes served by PowerDNS, two SPF records, invalid SPF), each writing nothing.
/// </summary>
public abstract class SpfApprovalTests(DnsProviderKind kind)
{
    private const string HostedIp = "198.51.100.7";

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

    /// <summary>A zone with two classified senders and a catalogue service whose SPF include the local PowerDNS serves.</summary>
    private sealed class SpfApp : IAsyncDisposable
    {
        private SpfApp(MonitoringApp app, string zone, string includes)
        {
            App = app;
            Zone = zone;
            Includes = includes;
        }

        public MonitoringApp App { get; }

        public string Zone { get; }

        /// <summary>The PowerDNS zone holding the include chains.</summary>
        public string Includes { get; }

        public string Include => "spf." + Includes;

        public static async Task<SpfApp> StartAsync(DnsProviderKind kind)
        {
            var includes = $"spf-{Guid.NewGuid():N}"[..16] + ".example";
            var app = await MonitoringApp.StartAsync(kind, runner: false, services: s => s.Replace(ServiceDescriptor.Singleton(Catalogue("spf." + includes))));
            await PowerDns.CreateProvider().CreateZoneAsync("spf-tests", new DnsZone(includes, ZoneKind.Primary, DnssecState.NotSigned));
            app.Track(includes);
            var spf = new SpfApp(app, app.Domain("spf"), includes);
            await spf.ServeAsync("spf", "v=spf1 ip4:192.0.2.0/24 -all");
            await app.CreateZoneAsync(spf.Zone);
            await app.PutAsync(spf.Zone, "@", "TXT", "site-verification=1");
            await app.Factory.Services.GetRequiredService<IMonitoredDomains>().UpsertAsync(new MonitoredDomain(spf.Zone, app.AccountId, null, DateTimeOffset.UtcNow));
            await spf.IngestAsync();
            return spf;
        }

        public Task ServeAsync(string label, string spf) => PowerDns.PutRrsetAsync(Includes, $"{label}.{Includes}", "TXT", '"' + spf + '"');

        public async Task<(HttpStatusCode Status, JsonElement Body)> DecideAsync(string sender, string action)
        {
            var response = await App.Client.PostAsync(new Uri($"/api/domains/{Zone}/senders/{sender}:{action}", UriKind.Relative), null);
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        /// <summary>The zone's SPF record as the provider holds it and, on PowerDNS, as a DNS query answers.</summary>
        public async Task<string?> SpfAsync()
        {
            var held = (await App.Dns.GetRecordSetsAsync(Zone, Zone)).Where(s => s.Is("TXT")).SelectMany(s => s.Values).Where(v => v.StartsWith("v=spf1", StringComparison.Ordinal)).ToArray();
            if (App.Kind == DnsProviderKind.PowerDns)
            {
                var answered = (await PowerDns.Resolver().QueryAsync(Zone, QueryType.TXT)).Answers.TxtRecords().Select(r => string.Concat(r.Text)).Where(v => v.StartsWith("v=spf1", StringComparison.Ordinal));
                Assert.Equal(held, answered);
            }

            return Assert.Single(held.DefaultIfEmpty());
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();

        /// <summary>A report with the service's IP (DKIM aligned) and a hosted server (SPF aligned), classified as such.</summary>
        private async Task IngestAsync()
        {
            var end = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
            string Row(string ip, int count, string dkim, string spf) => $"""
                <record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated><disposition>none</disposition><dkim>{dkim}</dkim><spf>{spf}</spf></policy_evaluated></row>
                <identifiers><header_from>{Zone}</header_from></identifiers>
                <auth_results><dkim><domain>{Zone}</domain><result>{dkim}</result></dkim><spf><domain>{Zone}</domain><result>{spf}</result></spf></auth_results></record>
                """;
            var xml = $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <feedback><report_metadata><org_name>receiver.example</org_name><email>dmarc@receiver.example</email><report_id>spf-{Zone}</report_id>
                <date_range><begin>{(end - 3600).ToString(CultureInfo.InvariantCulture)}</begin><end>{end.ToString(CultureInfo.InvariantCulture)}</end></date_range></report_metadata>
                <policy_published><domain>{Zone}</domain><p>none</p></policy_published>
                {Row("192.0.2.10", 100, "pass", "fail")}
                {Row(HostedIp, 20, "fail", "pass")}
                </feedback>
                """;
            Assert.True((await TriggerPayloads.IngestAsync(App.Factory.CreateClient(), $"drop/{Zone}.xml", Encoding.UTF8.GetBytes(xml))).IsSuccessStatusCode);
            var classifications = App.Factory.Services.GetRequiredService<ISenderClassifications>();
            var facts = new IpFacts("", ReverseDnsResult.None, "US", null, null, DateTimeOffset.UtcNow);
            await classifications.UpdateAsync(Zone, "192.0.2.10", _ => new SenderClassification(Zone, "192.0.2.10", SenderClass.Service, "service_localmail", "LocalMail", "localmail", null, facts with { Ip = "192.0.2.10" }, IpSenderEvidence.None, DateTimeOffset.UtcNow));
            await classifications.UpdateAsync(Zone, HostedIp, _ => new SenderClassification(Zone, HostedIp, SenderClass.HostedServer, "hosted_" + HostedIp, "Test Hosting", null, "test-hosting", facts with { Ip = HostedIp }, IpSenderEvidence.None, DateTimeOffset.UtcNow));
        }

        /// <summary>The shipped catalogue with one more service, whose documented SPF include is <paramref name="include"/>.</summary>
        private static SenderCatalogue Catalogue(string include)
        {
            var folder = Path.Combine(RepoPaths.Root, "core", "Dmarc.Core", "Senders");
            var services = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "sending-services.json")))!;
            services["services"]!.AsArray().Add(new JsonObject
            {
                ["id"] = "localmail",
                ["name"] = "LocalMail",
                ["category"] = "transactional",
                ["reverseDnsDomains"] = new JsonArray(),
                ["dkimDomains"] = new JsonArray(),
                ["spfDomains"] = new JsonArray(include),
                ["spfInclude"] = include,
                ["asns"] = new JsonArray(),
                ["sources"] = new JsonArray("https://docs.localmail.example/spf"),
            });
            return SenderCatalogue.Parse(services.ToJsonString(), File.ReadAllText(Path.Combine(folder, "hosting-networks.json")));
        }
    }
}

public sealed class HostedSpfApprovalTests() : SpfApprovalTests(DnsProviderKind.Hosted);

[Collection(PowerDnsTests.Name)]
public sealed class PowerDnsSpfApprovalTests() : SpfApprovalTests(DnsProviderKind.PowerDns);
