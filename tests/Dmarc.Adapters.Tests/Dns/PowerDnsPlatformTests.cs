using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Core.Dns;
using Dmarc.Tests.Shared;
using DnsClient;
using DnsClient.Protocol;

namespace Dmarc.Adapters.Tests.Dns;

/// <summary>
/// The adapter against PowerDNS run the way a platform runs it: zones loaded from zone files, a
/// second server as a secondary, many zones; and the calls it makes, counted on the wire.
/// </summary>
[Collection(PowerDnsTests.Name)]
public sealed class PowerDnsPlatformTests : IAsyncLifetime
{
    private readonly string _account = $"acc_platform_{Guid.NewGuid():N}"[..24];
    private readonly string _zone = $"p{Guid.NewGuid():N}"[..12] + ".example";
    private readonly CountingHandler _calls = new();
    private readonly PowerDnsProvider _provider;

    public PowerDnsPlatformTests() =>
        _provider = new PowerDnsProvider(new HttpClient(_calls) { BaseAddress = PowerDns.Options.ApiUrl }, Microsoft.Extensions.Options.Options.Create(PowerDns.Options));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await PowerDns.DeleteZoneAsync(_zone);
        using var secondary = PowerDns.Api(PowerDns.SecondaryApiUrl);
        using var _ = await secondary.DeleteAsync(new Uri($"api/v1/servers/localhost/zones/{_zone}.", UriKind.Relative));
        _calls.Dispose();
    }

    [Fact]
    public async Task A_zone_loaded_from_a_zone_file_keeps_its_records_and_gets_its_serial_raised()
    {
        var file = Path.Combine(Path.GetTempPath(), _zone + ".zone");
        await File.WriteAllTextAsync(file, $"""
            $ORIGIN {_zone}.
            @ 3600 IN SOA ns1.{_zone}. hostmaster.{_zone}. 2024010100 10800 3600 604800 3600
            @ 3600 IN NS ns1.{_zone}.
            www 300 IN A 192.0.2.10
            _dmarc 300 IN TXT "v=DMARC1; p=quarantine"
            """);
        await PowerDns.PdnsUtilAsync("load-zone", _zone, file);
        await PowerDns.PdnsUtilAsync("set-account", _zone, _account);
        File.Delete(file);

        await _provider.UpsertRecordSetAsync(_zone, new RecordSet("_dmarc." + _zone, "TXT", 300, ["v=DMARC1; p=quarantine; rua=mailto:r@x.example"]));

        var soa = (await PowerDns.Resolver().QueryAsync(_zone, QueryType.SOA)).Answers.OfType<SoaRecord>().Single();
        Assert.True(soa.Serial > 2024010100u, $"serial {soa.Serial}");
        Assert.Equal("192.0.2.10", (await PowerDns.Resolver().QueryAsync("www." + _zone, QueryType.A)).Answers.ARecords().Single().Address.ToString());
        var txt = await PowerDns.Resolver().QueryAsync("_dmarc." + _zone, QueryType.TXT);
        Assert.Equal("v=DMARC1; p=quarantine; rua=mailto:r@x.example", string.Concat(Assert.Single(txt.Answers.TxtRecords()).Text));
    }

    [Fact]
    public async Task A_secondary_serves_the_new_record_after_notify_and_transfer()
    {
        await _provider.CreateZoneAsync(_account, new DnsZone(_zone, ZoneKind.Primary, DnssecState.NotSigned));
        // The operator's setup: the primary notifies the secondary, which transfers from the primary.
        using var primary = PowerDns.Api();
        (await primary.PutAsJsonAsync($"api/v1/servers/localhost/zones/{_zone}./metadata/ALSO-NOTIFY", new { metadata = new[] { $"127.0.0.1:{PowerDns.SecondaryDnsPort}" } })).EnsureSuccessStatusCode();
        using var secondary = PowerDns.Api(PowerDns.SecondaryApiUrl);
        (await secondary.PostAsJsonAsync("api/v1/servers/localhost/zones", new { name = _zone + ".", kind = "Slave", masters = new[] { "127.0.0.1:5300" } })).EnsureSuccessStatusCode();
        var first = await Eventually.GetAsync(() => SecondarySerialAsync(), s => s > 0, what: "the secondary's first transfer");

        await _provider.UpsertRecordSetAsync(_zone, new RecordSet("_dmarc." + _zone, "TXT", 300, ["v=DMARC1; p=none; rua=mailto:r@x.example"]));

        var answer = await Eventually.GetAsync(
            async () => string.Concat((await PowerDns.Resolver(PowerDns.SecondaryDnsPort).QueryAsync("_dmarc." + _zone, QueryType.TXT)).Answers.TxtRecords().SelectMany(r => r.Text)),
            text => text.Length > 0,
            what: "the secondary to serve _dmarc");
        Assert.Equal("v=DMARC1; p=none; rua=mailto:r@x.example", answer);
        Assert.True(await SecondarySerialAsync() > first);
    }

    [Fact]
    public async Task Many_record_sets_are_one_patch_and_a_bad_one_writes_none()
    {
        await _provider.CreateZoneAsync(_account, new DnsZone(_zone, ZoneKind.Primary, DnssecState.NotSigned));
        var sets = Enumerable.Range(1, 12).Select(i => new RecordSet($"h{i}.{_zone}", "A", 300, [$"192.0.2.{i}"])).ToList();

        _calls.Clear();
        await _provider.UpsertRecordSetsAsync(_zone, sets);

        Assert.Equal(1, _calls.Count(HttpMethod.Patch));
        Assert.Equal(12, (await _provider.ListRecordSetsAsync(_zone)).Count(s => s.Is("A")));

        var withBad = sets.Select(s => s with { Name = "n" + s.Name }).Append(new RecordSet("bad." + _zone, "MX", 300, ["not an mx record"])).ToList();
        await Assert.ThrowsAsync<DnsProviderException>(() => _provider.UpsertRecordSetsAsync(_zone, withBad));
        Assert.DoesNotContain(await _provider.ListRecordSetsAsync(_zone), s => s.Name.StartsWith("nh", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Listing_names_is_one_call_without_dnssec_facts_and_a_change_reads_only_its_name()
    {
        await _provider.CreateZoneAsync(_account, new DnsZone(_zone, ZoneKind.Primary, DnssecState.PlatformSigned));

        _calls.Clear();
        Assert.Equal([_zone], await _provider.ListZoneNamesAsync(_account));
        Assert.Equal(["GET api/v1/servers/localhost/zones?dnssec=false"], _calls.Requests);

        _calls.Clear();
        await _provider.UpsertRecordSetAsync(_zone, new RecordSet("_dmarc." + _zone, "TXT", 300, ["v=DMARC1; p=none"]));
        var zoneReads = _calls.Requests.Where(r => r.StartsWith($"GET api/v1/servers/localhost/zones/{_zone}.", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(zoneReads);
        Assert.All(zoneReads, r => Assert.Contains("rrset_name=", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_classless_reverse_zone_with_a_slash_in_its_name_is_read_and_written()
    {
        var zone = $"0/25.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}.198.in-addr.arpa";
        try
        {
            await _provider.CreateZoneAsync(_account, new DnsZone(zone, ZoneKind.Primary, DnssecState.NotSigned));

            await _provider.UpsertRecordSetAsync(zone, new RecordSet("5." + zone, "PTR", 300, ["mail.contoso.example."]));

            Assert.Contains(zone, await _provider.ListZoneNamesAsync(_account));
            Assert.Equal(ZoneKind.Primary, (await _provider.GetZoneAsync(_account, zone))?.Kind);
            Assert.Equal(["mail.contoso.example."], Assert.Single(await _provider.GetRecordSetsAsync(zone, "5." + zone)).Values);
        }
        finally
        {
            using var http = PowerDns.Api();
            using var _ = await http.DeleteAsync(new Uri($"api/v1/servers/localhost/zones/{Uri.EscapeDataString(zone + ".")}", UriKind.Relative));
        }
    }

    private async Task<uint> SecondarySerialAsync()
    {
        var answer = await PowerDns.Resolver(PowerDns.SecondaryDnsPort).QueryAsync(_zone, QueryType.SOA);
        return answer.Answers.OfType<SoaRecord>().SingleOrDefault()?.Serial ?? 0;
    }

    /// <summary>Passes every call to the real server and keeps "METHOD path?query" of each (the path without its leading slash).</summary>
    private sealed class CountingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        private readonly List<string> _requests = [];

        public IReadOnlyList<string> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public int Count(HttpMethod method) => Requests.Count(r => r.StartsWith(method.Method + " ", StringComparison.Ordinal));

        public void Clear()
        {
            lock (_requests)
            {
                _requests.Clear();
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_requests)
            {
                _requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery.TrimStart('/')}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
