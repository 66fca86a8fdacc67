using Dmarc.Core.Dns;

namespace Dmarc.Adapters.Tests.Dns;

/// <summary>What every DNS provider adapter must do; each adapter's test class runs these against the real thing.</summary>
public abstract class DnsProviderContract : IAsyncLifetime
{
    protected string Account { get; } = "acc_" + Guid.NewGuid().ToString("N")[..12];

    protected string ZoneName { get; } = "z" + Guid.NewGuid().ToString("N")[..10] + ".example";

    /// <summary>A zone inside <see cref="ZoneName"/>, for the nesting tests.</summary>
    protected string NestedZoneName => "_dmarc." + ZoneName;

    protected IDnsProvider Provider { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task A_created_zone_is_listed_for_its_account_only()
    {
        await Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned));

        Assert.Contains(new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned), await Provider.ListZonesAsync(Account));
        Assert.Equal(new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned), await Provider.GetZoneAsync(Account, ZoneName));
        Assert.Null(await Provider.GetZoneAsync("acc_other", ZoneName));
        Assert.Empty(await Provider.ListZonesAsync("acc_other_" + Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public async Task A_zone_cannot_be_created_twice()
    {
        await Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned));

        await Assert.ThrowsAsync<DnsConflictException>(() => Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned)));
    }

    [Fact]
    public async Task Secondary_and_presigned_zones_keep_their_facts()
    {
        var secondary = new DnsZone("s-" + ZoneName, ZoneKind.Secondary, DnssecState.NotSigned);
        var presigned = new DnsZone("p-" + ZoneName, ZoneKind.Primary, DnssecState.Presigned);

        await Provider.CreateZoneAsync(Account, secondary);
        await CreatePresignedZoneAsync(presigned.Name);

        Assert.Equal(secondary, await Provider.GetZoneAsync(Account, secondary.Name));
        Assert.Equal(presigned, await Provider.GetZoneAsync(Account, presigned.Name));
    }

    /// <summary>Creates a primary zone signed outside the platform, the way an operator of this provider would.</summary>
    protected abstract Task CreatePresignedZoneAsync(string zone);

    [Fact]
    public async Task Record_sets_are_written_read_replaced_and_deleted_by_name_and_type()
    {
        await Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned));
        var name = "_dmarc." + ZoneName;
        var longValue = "v=DMARC1; p=none; rua=" + string.Join(",", Enumerable.Range(0, 10).Select(i => $"mailto:dmarc-{i}@reports-{i}.example.net!10m"));

        await Provider.UpsertRecordSetAsync(ZoneName, new RecordSet(name, "TXT", 300, ["v=DMARC1; p=none", "other \"quoted\" text"]));
        await Provider.UpsertRecordSetAsync(ZoneName, new RecordSet("www." + ZoneName, "A", 300, ["192.0.2.1"]));
        var first = Assert.Single(await Provider.GetRecordSetsAsync(ZoneName, name));
        Assert.Equal(["other \"quoted\" text", "v=DMARC1; p=none"], first.Values.Order(StringComparer.Ordinal));

        await Provider.UpsertRecordSetAsync(ZoneName, new RecordSet(name, "TXT", 300, [longValue]));
        Assert.Equal([longValue], Assert.Single(await Provider.GetRecordSetsAsync(ZoneName, name)).Values);

        await Provider.DeleteRecordSetAsync(ZoneName, name, "TXT");
        Assert.Empty(await Provider.GetRecordSetsAsync(ZoneName, name));
        Assert.Single(await Provider.GetRecordSetsAsync(ZoneName, "www." + ZoneName));
    }

    [Fact]
    public async Task Deleting_what_is_not_there_is_harmless()
    {
        await Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned));

        await Provider.DeleteRecordSetAsync(ZoneName, "_dmarc." + ZoneName, "TXT");
    }

    [Theory]
    [InlineData("LUA")]
    [InlineData("ALIAS")]
    [InlineData("SOA")]
    [InlineData("X-UNKNOWN")]
    public async Task Types_accounts_may_not_write_are_refused_and_nothing_is_written(string type)
    {
        await Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned));

        var error = await Assert.ThrowsAsync<DnsProviderException>(() =>
            Provider.UpsertRecordSetAsync(ZoneName, new RecordSet("x." + ZoneName, type, 60, ["TXT \"x\""])));

        Assert.Contains(type, error.Message, StringComparison.Ordinal);
        Assert.Empty(await Provider.GetRecordSetsAsync(ZoneName, "x." + ZoneName));
    }

    [Fact]
    public async Task A_zone_inside_another_accounts_zone_is_refused()
    {
        await Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned));

        var error = await Assert.ThrowsAsync<DnsZoneOverlapException>(() =>
            Provider.CreateZoneAsync("acc_other", new DnsZone(NestedZoneName, ZoneKind.Primary, DnssecState.NotSigned)));

        Assert.Equal($"The zone {NestedZoneName} is inside {ZoneName}, a zone of another account.", error.Message);
        Assert.Null(await Provider.GetZoneAsync("acc_other", NestedZoneName));
        Assert.Empty(await Provider.ListZonesAsync("acc_other_" + Account));
    }

    [Fact]
    public async Task A_zone_above_another_accounts_zone_is_refused()
    {
        await Provider.CreateZoneAsync(Account, new DnsZone(NestedZoneName, ZoneKind.Primary, DnssecState.NotSigned));

        var error = await Assert.ThrowsAsync<DnsZoneOverlapException>(() =>
            Provider.CreateZoneAsync("acc_other", new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned)));

        Assert.Equal($"The zone {ZoneName} contains {NestedZoneName}, a zone of another account.", error.Message);
        Assert.Null(await Provider.GetZoneAsync("acc_other", ZoneName));
    }

    [Fact]
    public async Task Zones_of_one_account_may_nest_and_another_account_cannot_take_the_same_name()
    {
        await Provider.CreateZoneAsync(Account, new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned));
        await Provider.CreateZoneAsync(Account, new DnsZone(NestedZoneName, ZoneKind.Primary, DnssecState.NotSigned));

        await Assert.ThrowsAsync<DnsConflictException>(() => Provider.CreateZoneAsync("acc_other", new DnsZone(ZoneName, ZoneKind.Primary, DnssecState.NotSigned)));
        Assert.Equal(2, (await Provider.ListZonesAsync(Account)).Count);
    }
}
