using Dmarc.Adapters.Dns;
using Dmarc.Core.Dns;

namespace Dmarc.Adapters.Tests.Dns;

public sealed class HostedDnsProviderTests : DnsProviderContract
{
    private AzuriteStorage? _storage;

    public override async Task InitializeAsync()
    {
        _storage = await AzuriteStorage.CreateAsync();
        Provider = new HostedDnsProvider(_storage.Tables, _storage.Names);
    }

    public override async Task DisposeAsync() => await _storage!.DisposeAsync();

    protected override Task CreatePresignedZoneAsync(string zone) =>
        Provider.CreateZoneAsync(Account, new DnsZone(zone, ZoneKind.Primary, DnssecState.Presigned));

    [Fact]
    public async Task Pools_and_alias_zones_are_kept()
    {
        await Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Alias, DnssecState.PlatformSigned));
        await Provider.UpsertRecordSetAsync(ZoneName, new RecordSet("_dmarc." + ZoneName, "TXT", 60, ["v=DMARC1; p=none"], "geo-eu"));

        Assert.Equal(ZoneKind.Alias, (await Provider.GetZoneAsync(Account, ZoneName))!.Kind);
        Assert.Equal("geo-eu", Assert.Single(await Provider.GetRecordSetsAsync(ZoneName, "_dmarc." + ZoneName)).Pool);
    }

    [Fact]
    public async Task Names_that_share_a_prefix_do_not_mix()
    {
        await Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned));
        await Provider.UpsertRecordSetAsync(ZoneName, new RecordSet("a." + ZoneName, "TXT", 60, ["a"]));
        await Provider.UpsertRecordSetAsync(ZoneName, new RecordSet("ab." + ZoneName, "TXT", 60, ["ab"]));

        Assert.Equal(["a"], Assert.Single(await Provider.GetRecordSetsAsync(ZoneName, "a." + ZoneName)).Values);
    }
}
