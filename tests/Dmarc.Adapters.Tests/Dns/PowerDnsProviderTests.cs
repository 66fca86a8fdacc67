using Dmarc.Core.Dns;
using Dmarc.Tests.Shared;
using DnsClient;

namespace Dmarc.Adapters.Tests.Dns;

[Collection(PowerDnsTests.Name)]
public sealed class PowerDnsProviderTests : DnsProviderContract
{
    public override Task InitializeAsync()
    {
        Provider = PowerDns.CreateProvider();
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        foreach (var zone in new[] { ZoneName, "s-" + ZoneName, "p-" + ZoneName, NestedZoneName })
        {
            await PowerDns.DeleteZoneAsync(zone);
        }
    }

    protected override async Task CreatePresignedZoneAsync(string zone)
    {
        await PowerDns.CreatePresignedZoneAsync(Provider, Account, zone);
    }

    [Fact]
    public async Task The_api_cannot_create_presigned_or_alias_zones_and_says_so()
    {
        var presigned = await Assert.ThrowsAsync<DnsProviderException>(() => Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.Presigned)));
        var alias = await Assert.ThrowsAsync<DnsProviderException>(() => Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Alias, DnssecState.NotSigned)));

        Assert.Contains("pdnsutil set-presigned", presigned.Message, StringComparison.Ordinal);
        Assert.Equal("PowerDNS has no alias zones.", alias.Message);
    }

    [Fact]
    public async Task A_written_txt_record_is_answered_by_real_dns_queries()
    {
        await Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned));
        var value = "v=DMARC1; p=none; rua=" + string.Join(",", Enumerable.Range(0, 8).Select(i => $"mailto:dmarc-{i}@reports-{i}.example.net"));

        await Provider.UpsertRecordSetAsync(ZoneName, new RecordSet("_dmarc." + ZoneName, "TXT", 60, [value]));

        var answer = await PowerDns.Resolver().QueryAsync("_dmarc." + ZoneName, QueryType.TXT);
        var txt = Assert.Single(answer.Answers.TxtRecords());
        Assert.True(txt.Text.Count > 1, "a value over 255 bytes is sent as several character-strings");
        Assert.Equal(value, string.Concat(txt.Text));
    }

    [Fact]
    public async Task A_lua_record_at_dmarc_is_a_pool()
    {
        await Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned));
        await PowerDns.PutRrsetAsync(ZoneName, "_dmarc." + ZoneName, "LUA", "TXT \"'v=DMARC1; p=none'\"");

        var set = Assert.Single(await Provider.GetRecordSetsAsync(ZoneName, "_dmarc." + ZoneName));

        Assert.Equal(("LUA", "lua"), (set.Type, set.Pool));
    }

    [Fact]
    public async Task A_lua_record_that_runs_code_is_never_sent_and_never_answered()
    {
        await Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned));
        var name = "pwn." + ZoneName;

        var error = await Assert.ThrowsAsync<DnsProviderException>(() =>
            Provider.UpsertRecordSetAsync(ZoneName, new RecordSet(name, "LUA", 60, ["TXT \"io.popen('id'):read('*a')\""])));

        Assert.Contains("LUA is a provider-specific record type", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Provider.GetRecordSetsAsync(ZoneName, name));
        Assert.Empty((await PowerDns.Resolver().QueryAsync(name, QueryType.TXT)).Answers.TxtRecords());
    }

    [Fact]
    public async Task A_zone_signed_by_the_platform_is_platform_signed()
    {
        await Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.PlatformSigned));

        Assert.Equal(DnssecState.PlatformSigned, (await Provider.GetZoneAsync(Account, ZoneName))!.Dnssec);
    }

    [Fact]
    public async Task Errors_of_the_api_say_what_failed()
    {
        var error = await Assert.ThrowsAsync<DnsProviderException>(() => Provider.GetRecordSetsAsync("missing-" + ZoneName, "_dmarc.missing-" + ZoneName));

        Assert.Contains("missing-" + ZoneName, error.Message, StringComparison.Ordinal);
    }
}
