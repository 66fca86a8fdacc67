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

/// <summary>A zone with two classified senders and a catalogue service whose SPF include the local PowerDNS serves.</summary>
internal sealed class SpfApp : IAsyncDisposable
{
    private SpfApp(MonitoringApp app, string zone, string includes, TimeProvider time)
    {
        App = app;
        Zone = zone;
        Includes = includes;
        Time = time;
    }

    /// <summary>The app's clock: the system's, or a fixed one (<c>now</c>) for runs whose storage is compared.</summary>
    public TimeProvider Time { get; }

    public MonitoringApp App { get; }

    public string Zone { get; }

    /// <summary>The PowerDNS zone holding the include chains.</summary>
    public string Includes { get; }

    public string Include => "spf." + Includes;

    /// <param name="includes">The PowerDNS zone of the include chains, made by the caller; null: one of the app's own.</param>
    public static async Task<SpfApp> StartAsync(DnsProviderKind kind, string? includes = null, Action<IServiceCollection>? services = null, Dictionary<string, string?>? settings = null, DateTimeOffset? now = null)
    {
        var own = includes is null;
        includes ??= NewIncludesZone();
        TimeProvider time = now is { } fixedNow ? new Microsoft.Extensions.Time.Testing.FakeTimeProvider(fixedNow) : TimeProvider.System;
        var app = await MonitoringApp.StartAsync(kind, runner: false, services: s =>
        {
            s.Replace(ServiceDescriptor.Singleton(Catalogue("spf." + includes)));
            s.AddSingleton(time);
            services?.Invoke(s);
        }, settings: settings);
        var spf = new SpfApp(app, app.Domain("spf"), includes, time);
        if (own)
        {
            await CreateIncludesZoneAsync(includes);
            app.Track(includes);
        }

        await spf.ServeAsync("spf", "v=spf1 ip4:192.0.2.0/24 -all");
        await app.CreateZoneAsync(spf.Zone);
        await app.PutAsync(spf.Zone, "@", "TXT", "site-verification=1");
        await app.Factory.Services.GetRequiredService<IMonitoredDomains>().UpsertAsync(new MonitoredDomain(spf.Zone, app.AccountId, null, time.GetUtcNow()));
        await spf.IngestAsync();
        return spf;
    }

    public static string NewIncludesZone() => $"spf-{Guid.NewGuid():N}"[..16] + ".example";

    public static Task CreateIncludesZoneAsync(string includes) =>
        PowerDns.CreateProvider().CreateZoneAsync("spf-tests", new DnsZone(includes, ZoneKind.Primary, DnssecState.NotSigned));

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
        var end = Time.GetUtcNow().AddHours(-2).ToUnixTimeSeconds();
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
            {Row(SpfApprovalTests.HostedIp, 20, "fail", "pass")}
            </feedback>
            """;
        Assert.True((await TriggerPayloads.IngestAsync(App.Factory.CreateClient(), $"drop/{Zone}.xml", Encoding.UTF8.GetBytes(xml))).IsSuccessStatusCode);
        var classifications = App.Factory.Services.GetRequiredService<ISenderClassifications>();
        var now = Time.GetUtcNow();
        var facts = new IpFacts("", ReverseDnsResult.None, "US", null, null, now);
        await classifications.UpdateAsync(Zone, "192.0.2.10", _ => new SenderClassification(Zone, "192.0.2.10", SenderClass.Service, "service_localmail", "LocalMail", "localmail", null, facts with { Ip = "192.0.2.10" }, IpSenderEvidence.None, now));
        await classifications.UpdateAsync(Zone, SpfApprovalTests.HostedIp, _ => new SenderClassification(Zone, SpfApprovalTests.HostedIp, SenderClass.HostedServer, "hosted_" + SpfApprovalTests.HostedIp, "Test Hosting", null, "test-hosting", facts with { Ip = SpfApprovalTests.HostedIp }, IpSenderEvidence.None, now));
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
