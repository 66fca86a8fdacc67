using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Core.Dns;
using Dmarc.Tests.Shared;
using DnsClient;
using DnsClient.Protocol;

namespace Dmarc.Adapters.Tests.Dns;

/// <summary>Writes against the real PowerDNS the way platforms hold zones: pdnsutil-made zones, disabled records, non-ASCII TXT.</summary>
[Collection(PowerDnsTests.Name)]
public sealed class PowerDnsWriteTests : IAsyncLifetime
{
    private const string Account = "acc_writes";
    private readonly PowerDnsProvider _provider = PowerDns.CreateProvider();
    private readonly string _zone = $"w{Guid.NewGuid():N}"[..12] + ".example";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await PowerDns.DeleteZoneAsync(_zone);

    [Fact]
    public async Task A_zone_made_with_pdnsutil_gets_its_serial_raised_so_secondaries_see_the_change()
    {
        await PdnsUtilAsync("create-zone", _zone, "ns1." + _zone);
        await PdnsUtilAsync("set-account", _zone, Account);
        var before = await SerialAsync();

        await _provider.UpsertRecordSetAsync(_zone, new RecordSet("_dmarc." + _zone, "TXT", 300, ["v=DMARC1; p=none"]));
        var afterWrite = await SerialAsync();
        await _provider.DeleteRecordSetAsync(_zone, "_dmarc." + _zone, "TXT");

        Assert.True(afterWrite > before, $"serial {before} -> {afterWrite}");
        Assert.True(await SerialAsync() > afterWrite, "the delete raised the serial too");
    }

    [Fact]
    public async Task A_zone_made_through_the_api_is_raised_by_powerdns_itself_once()
    {
        await _provider.CreateZoneAsync(Account, new DnsZone(_zone, ZoneKind.Primary, DnssecState.NotSigned));
        var before = await SerialAsync();

        await _provider.UpsertRecordSetAsync(_zone, new RecordSet("_dmarc." + _zone, "TXT", 300, ["v=DMARC1; p=none"]));

        Assert.True(await SerialAsync() > before);
    }

    [Fact]
    public async Task Zones_the_service_creates_are_primaries_with_the_configured_name_servers_so_they_notify()
    {
        await _provider.CreateZoneAsync(Account, new DnsZone(_zone, ZoneKind.Primary, DnssecState.NotSigned));

        using var http = Http();
        var zone = await http.GetFromJsonAsync<JsonElement>($"api/v1/servers/localhost/zones/{_zone}.");
        var ns = await PowerDns.Resolver().QueryAsync(_zone, QueryType.NS);

        Assert.Equal("Master", zone.GetProperty("kind").GetString());
        Assert.Equal(["ns1.dns-host.example.", "ns2.dns-host.example."], ns.Answers.NsRecords().Select(r => r.NSDName.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Disabled_records_an_operator_left_are_kept_by_a_write_and_by_a_delete()
    {
        await _provider.CreateZoneAsync(Account, new DnsZone(_zone, ZoneKind.Primary, DnssecState.NotSigned));
        await PatchAsync(("\"v=DMARC1; p=reject\"", false), ("\"old-verification=abc\"", true));

        await _provider.UpsertRecordSetAsync(_zone, new RecordSet("_dmarc." + _zone, "TXT", 300, ["v=DMARC1; p=reject; rua=mailto:r@x.example"]));
        var afterWrite = await ContentsAsync();
        await _provider.DeleteRecordSetAsync(_zone, "_dmarc." + _zone, "TXT");

        Assert.Contains(("\"old-verification=abc\"", true), afterWrite);
        Assert.Contains(("\"v=DMARC1; p=reject; rua=mailto:r@x.example\"", false), afterWrite);
        Assert.Equal([("\"old-verification=abc\"", true)], await ContentsAsync());
    }

    [Fact]
    public async Task A_change_from_a_read_keeps_the_disabled_records_it_read_and_reads_the_zone_once()
    {
        await _provider.CreateZoneAsync(Account, new DnsZone(_zone, ZoneKind.Primary, DnssecState.NotSigned));
        await PatchAsync(("\"v=DMARC1; p=reject\"", false), ("\"old-verification=abc\"", true));
        var before = await SerialAsync();
        var requests = new List<string>();
        var provider = PowerDns.CreateProvider(requests);

        var read = Assert.IsType<ZoneNameRead>(await provider.GetZoneAndRecordSetsAsync(Account, _zone, "_dmarc." + _zone));
        Assert.Equal(["v=DMARC1; p=reject"], Assert.Single(read.Sets).Values);
        await provider.ChangeReadNameAsync(read, "TXT", new RecordSet("_dmarc." + _zone, "TXT", 300, ["v=DMARC1; p=reject; rua=mailto:r@x.example"]));

        Assert.Equal(
            [("\"old-verification=abc\"", true), ("\"v=DMARC1; p=reject; rua=mailto:r@x.example\"", false)],
            (await ContentsAsync()).Order());
        Assert.True(await SerialAsync() > before);
        Assert.Equal(["GET", "PATCH"], requests.Where(r => r.Contains($"/zones/{_zone}.", StringComparison.Ordinal) && !r.Contains("/metadata/", StringComparison.Ordinal) && !r.Contains("/notify", StringComparison.Ordinal)).Select(r => r.Split(' ')[0]));

        // A delete from a read leaves the disabled record.
        read = Assert.IsType<ZoneNameRead>(await provider.GetZoneAndRecordSetsAsync(Account, _zone, "_dmarc." + _zone));
        await provider.ChangeReadNameAsync(read, "TXT", null);
        Assert.Equal([("\"old-verification=abc\"", true)], await ContentsAsync());
    }

    [Fact]
    public async Task A_change_from_a_read_of_a_zone_whose_serial_the_service_raises_reads_the_zone_afresh_and_moves_the_serial()
    {
        await PdnsUtilAsync("create-zone", _zone, "ns1." + _zone);
        await PdnsUtilAsync("set-account", _zone, Account);
        var read = Assert.IsType<ZoneNameRead>(await _provider.GetZoneAndRecordSetsAsync(Account, _zone, "_dmarc." + _zone));
        Assert.Empty(read.Sets);

        // Another change raises the serial after the read; the change from the read must raise it again.
        await _provider.UpsertRecordSetAsync(_zone, new RecordSet("other." + _zone, "TXT", 300, ["x"]));
        var between = await SerialAsync();
        await _provider.ChangeReadNameAsync(read, "TXT", new RecordSet("_dmarc." + _zone, "TXT", 300, ["v=DMARC1; p=none"]));

        Assert.True(await SerialAsync() > between);
        Assert.Equal([("\"v=DMARC1; p=none\"", false)], await ContentsAsync());
    }

    [Fact]
    public async Task A_change_from_a_read_refuses_a_set_at_another_name_and_a_refused_type()
    {
        await _provider.CreateZoneAsync(Account, new DnsZone(_zone, ZoneKind.Primary, DnssecState.NotSigned));
        var read = Assert.IsType<ZoneNameRead>(await _provider.GetZoneAndRecordSetsAsync(Account, _zone, "_dmarc." + _zone));

        await Assert.ThrowsAsync<ArgumentException>(() => _provider.ChangeReadNameAsync(read, "TXT", new RecordSet("www." + _zone, "TXT", 300, ["x"])));
        await Assert.ThrowsAsync<DnsProviderException>(() => _provider.ChangeReadNameAsync(read, "LUA", new RecordSet("_dmarc." + _zone, "LUA", 300, ["TXT \"x\""])));
        Assert.Empty(await ContentsAsync());
    }

    [Fact]
    public async Task A_utf8_txt_beside_the_dmarc_record_stays_byte_identical()
    {
        await _provider.CreateZoneAsync(Account, new DnsZone(_zone, ZoneKind.Primary, DnssecState.NotSigned));
        await PatchAsync(("\"v=DMARC1; p=none\"", false), ("\"caf\\195\\169\"", false));
        var sets = await _provider.GetRecordSetsAsync(_zone, "_dmarc." + _zone);
        Assert.Contains("café", Assert.Single(sets).Values);

        await _provider.UpsertRecordSetAsync(_zone, Assert.Single(sets) with { Values = ["café", "v=DMARC1; p=none; rua=mailto:r@x.example"] });

        Assert.Contains(("\"caf\\195\\169\"", false), await ContentsAsync());
        var answer = await PowerDns.Resolver().QueryAsync("_dmarc." + _zone, QueryType.TXT);
        Assert.Contains(answer.Answers.TxtRecords(), r => string.Concat(r.EscapedText) == "caf\\195\\169");
    }

    [Fact]
    public async Task A_signed_zone_is_rectified_so_the_new_name_is_not_denied()
    {
        await _provider.CreateZoneAsync(Account, new DnsZone(_zone, ZoneKind.Primary, DnssecState.PlatformSigned));

        await _provider.UpsertRecordSetAsync(_zone, new RecordSet("_dmarc." + _zone, "TXT", 300, ["v=DMARC1; p=none"]));

        // NODATA for _dmarc A must prove the name with its own NSEC (it holds a TXT), not deny it with a neighbour's.
        var resolver = new LookupClient(new LookupClientOptions(new NameServer(System.Net.IPAddress.Loopback, 5300)) { UseCache = false, Recursion = false, Retries = 0, RequestDnsSecRecords = true });
        var answer = await resolver.QueryAsync("_dmarc." + _zone, QueryType.A);
        var nsec = answer.Authorities.OfType<NSecRecord>().ToArray();
        Assert.Contains(nsec, r => r.DomainName.Value.TrimEnd('.').Equals("_dmarc." + _zone, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<uint> SerialAsync() =>
        (await PowerDns.Resolver().QueryAsync(_zone, QueryType.SOA)).Answers.OfType<SoaRecord>().Single().Serial;

    private async Task PatchAsync(params (string Content, bool Disabled)[] records)
    {
        using var http = Http();
        var body = new { rrsets = new[] { new { name = $"_dmarc.{_zone}.", type = "TXT", ttl = 300, changetype = "REPLACE", records = records.Select(r => new { content = r.Content, disabled = r.Disabled }).ToArray() } } };
        // SQLite may answer 500 "database is locked" while other test assemblies write: try again, as the provider does.
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.PatchAsJsonAsync($"api/v1/servers/localhost/zones/{_zone}.", body);
            if (response.IsSuccessStatusCode || (int)response.StatusCode < 500 || attempt == 8)
            {
                response.EnsureSuccessStatusCode();
                return;
            }

            await Task.Delay(100 * attempt);
        }
    }

    private async Task<(string Content, bool Disabled)[]> ContentsAsync()
    {
        using var http = Http();
        var zone = await http.GetFromJsonAsync<JsonElement>($"api/v1/servers/localhost/zones/{_zone}.");
        return zone.GetProperty("rrsets").EnumerateArray()
            .Where(r => r.GetProperty("type").GetString() == "TXT" && r.GetProperty("name").GetString() == $"_dmarc.{_zone}.")
            .SelectMany(r => r.GetProperty("records").EnumerateArray())
            .Select(r => (r.GetProperty("content").GetString()!, r.GetProperty("disabled").GetBoolean()))
            .ToArray();
    }

    private static HttpClient Http() => PowerDns.Api();

    private static Task PdnsUtilAsync(params string[] arguments) => PowerDns.PdnsUtilAsync(arguments);
}
