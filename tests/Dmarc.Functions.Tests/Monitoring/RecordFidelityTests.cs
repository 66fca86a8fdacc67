using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Core.Records;
using Dmarc.Tests.Shared;
using DnsClient;

namespace Dmarc.Functions.Tests.Monitoring;

/// <summary>
/// Enable then disable against real DNS: no second DMARC record beside one a receiver could take
/// for DMARC, only the rua value changes, and disable gives back the published character-strings
/// byte for byte (PowerDNS, read through DnsClient) or the stored text (hosted zones).
/// </summary>
[Collection(PowerDnsTests.Name)]
public sealed class RecordFidelityTests
{
    private const string Ours = EnablementScenario.Ours;

    private static readonly string Note = "x_note=" + new string('a', 200) + "; adkim=s";

    /// <summary>Label, the TXT character-strings at _dmarc, and the text after enable (null: skipped, unchanged).</summary>
    private static readonly (string Label, string[] Strings, string? AfterEnable)[] Cases =
    [
        ("spaced", ["v=DMARC1 ; p=quarantine ; rua=mailto:dmarc@x.example ; "], $"v=DMARC1 ; p=quarantine ; rua=mailto:dmarc@x.example,{Ours} ; "),
        ("terse", ["v=DMARC1;p=reject;"], $"v=DMARC1;p=reject;rua={Ours};"),
        ("upper", ["V = DMARC1;P=reject;RUA=mailto:A@X.example"], $"V = DMARC1;P=reject;RUA=mailto:A@X.example,{Ours}"),
        ("long", ["v=DMARC1; p=reject; rua=mailto:dmarc@x.example; ruf=mailto:forensic@x.example; fo=1; ", Note],
            $"v=DMARC1; p=reject; rua=mailto:dmarc@x.example,{Ours}; ruf=mailto:forensic@x.example; fo=1; {Note}"),
        ("nosemicolon", ["v=DMARC1 p=reject"], null),
        ("leadingspace", [" v=DMARC1; p=reject"], null),
        ("lowercase", ["v=dmarc1; p=none"], null),
        ("sponly", ["v=DMARC1; sp=reject"], null),
        ("escaped", ["v=DMARC1\\; p=reject\\;"], null),
        ("shortversion", ["v=DMARC; p=reject"], null),
    ];

    [Theory]
    [InlineData(DnsProviderKind.PowerDns)]
    [InlineData(DnsProviderKind.Hosted)]
    public async Task Enable_adds_only_our_uri_and_disable_gives_back_the_exact_record(DnsProviderKind kind)
    {
        await using var app = await MonitoringApp.StartAsync(kind);
        foreach (var (label, strings, _) in Cases)
        {
            var zone = app.Domain(label);
            await app.CreateZoneAsync(zone);
            if (kind == DnsProviderKind.PowerDns)
            {
                await PowerDns.PutRrsetAsync(zone, "_dmarc." + zone, "TXT", string.Join(" ", strings.Select(Quote)));
            }
            else
            {
                await app.PutAsync(zone, "_dmarc", "TXT", string.Concat(strings));
            }
        }

        var enabled = MonitoringApp.Zones(await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable")));

        foreach (var (label, strings, afterEnable) in Cases)
        {
            var zone = app.Domain(label);
            var outcome = enabled[zone].GetProperty("outcome").GetString();
            Assert.True(outcome == (afterEnable is null ? "Skipped" : "Updated"), $"{label}: {enabled[zone]}");
            var published = await TxtAsync(app, kind, zone);
            Assert.True(published.Count(t => DmarcRecord.LooksLikeDmarc(string.Concat(t))) == 1, $"{label}: {string.Join(" | ", published.Select(t => string.Concat(t)))}");
            Assert.Equal(afterEnable ?? string.Concat(strings), string.Concat(Assert.Single(published)));
        }

        await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:disable"));

        foreach (var (label, strings, _) in Cases)
        {
            var published = Assert.Single(await TxtAsync(app, kind, app.Domain(label)));
            Assert.Equal(kind == DnsProviderKind.PowerDns ? strings : [string.Concat(strings)], published);
        }
    }

    /// <summary>The TXT values at _dmarc, each as its character-strings: from DNS for PowerDNS, from storage for hosted zones.</summary>
    private static async Task<IReadOnlyList<IReadOnlyList<string>>> TxtAsync(MonitoringApp app, DnsProviderKind kind, string zone)
    {
        if (kind == DnsProviderKind.PowerDns)
        {
            var answer = await PowerDns.Resolver().QueryAsync("_dmarc." + zone, QueryType.TXT);
            return answer.Answers.TxtRecords().Select(r => (IReadOnlyList<string>)r.Text.ToArray()).ToArray();
        }

        var sets = await app.Dns.GetRecordSetsAsync(zone, "_dmarc." + zone);
        return sets.Where(s => s.Is("TXT")).SelectMany(s => s.Values).Select(v => (IReadOnlyList<string>)[v]).ToArray();
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
