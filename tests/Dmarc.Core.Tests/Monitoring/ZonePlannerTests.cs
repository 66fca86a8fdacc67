using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Records;

namespace Dmarc.Core.Tests.Monitoring;

public class ZonePlannerTests
{
    private const string Zone = "contoso.com";
    private const string Name = "_dmarc.contoso.com";
    private static readonly DmarcUri Ours = new("mailto:reports@rua.monitor.example", null);
    private static readonly DnsZone Primary = new(Zone, ZoneKind.Primary, DnssecState.NotSigned);

    [Fact]
    public void No_record_creates_a_monitoring_only_record()
    {
        var change = ZonePlanner.PlanEnable(Primary, [], Ours);

        Assert.Equal(new ZoneChange(Outcome.Created, null, null, null, "v=DMARC1; p=none; rua=mailto:reports@rua.monitor.example"), change);
    }

    [Fact]
    public void A_txt_record_that_is_not_dmarc_is_not_a_dmarc_record()
    {
        var change = ZonePlanner.PlanEnable(Primary, [Txt("v=spf1 -all", "site-verification=1")], Ours);

        Assert.Equal(Outcome.Created, change.Outcome);
    }

    [Fact]
    public void An_existing_record_gets_our_rua_and_keeps_its_policy()
    {
        var change = ZonePlanner.PlanEnable(Primary, [Txt("v=DMARC1; p=reject; rua=mailto:a@x.example!10m; pct=50")], Ours);

        Assert.Equal(Outcome.Updated, change.Outcome);
        Assert.Equal("v=DMARC1; p=reject; rua=mailto:a@x.example!10m; pct=50", change.Before);
        Assert.Equal("v=DMARC1; p=reject; rua=mailto:a@x.example!10m,mailto:reports@rua.monitor.example; pct=50", change.After);
    }

    [Fact]
    public void An_existing_record_without_rua_gets_one()
    {
        var change = ZonePlanner.PlanEnable(Primary, [Txt("v=DMARC1; p=quarantine")], Ours);

        Assert.Equal("v=DMARC1; p=quarantine; rua=mailto:reports@rua.monitor.example", change.After);
    }

    public static TheoryData<string, DnsZone, RecordSet[], SkipReason> Skips => new()
    {
        { "two DMARC records", Primary, [Txt("v=DMARC1; p=none", "v=DMARC1; p=reject")], SkipReason.MultipleDmarcRecords },
        { "already ours", Primary, [Txt("v=DMARC1; p=none; rua=mailto:REPORTS@rua.monitor.example!5m")], SkipReason.AlreadyConfigured },
        { "pool", Primary, [Txt("v=DMARC1; p=none") with { Pool = "geo-eu" }], SkipReason.InPool },
        { "lua", Primary, [new RecordSet(Name, "LUA", 60, ["TXT \"v=DMARC1\""], "lua")], SkipReason.InPool },
        { "secondary", Primary with { Kind = ZoneKind.Secondary }, [], SkipReason.SecondaryZone },
        { "alias", Primary with { Kind = ZoneKind.Alias }, [], SkipReason.AliasZone },
        { "presigned", Primary with { Dnssec = DnssecState.Presigned }, [], SkipReason.UnsupportedDnssec },
        { "cname", Primary, [new RecordSet(Name, "CNAME", 300, ["contoso.dmarc.vendor.example"])], SkipReason.Delegated },
        { "ns", Primary, [new RecordSet(Name, "NS", 300, ["ns1.vendor.example"])], SkipReason.Delegated },
        { "invalid", Primary, [Txt("v=DMARC1; p=block")], SkipReason.InvalidRecord },
    };

    [Theory]
    [MemberData(nameof(Skips))]
    public void Ineligible_zones_are_skipped_with_their_reason(string description, DnsZone zone, RecordSet[] sets, SkipReason reason)
    {
        var change = ZonePlanner.PlanEnable(zone, sets, Ours);

        Assert.True(change.Outcome == Outcome.Skipped && change.Reason == reason, $"{description}: {change}");
        Assert.Equal(change.Before, change.After);
        Assert.False(string.IsNullOrEmpty(change.Detail));
    }

    [Fact]
    public void Platform_signed_zones_are_fine()
    {
        Assert.Equal(Outcome.Created, ZonePlanner.PlanEnable(Primary with { Dnssec = DnssecState.PlatformSigned }, [], Ours).Outcome);
    }

    [Fact]
    public void The_reason_of_an_invalid_record_is_given()
    {
        var change = ZonePlanner.PlanEnable(Primary, [Txt("v=DMARC1; p=block")], Ours);

        Assert.Equal("The DMARC record is not valid: p: 'block' is not one of none, quarantine, reject.", change.Detail);
    }

    [Fact]
    public void Disable_removes_only_our_uri()
    {
        var change = ZonePlanner.PlanDisable(Primary, [Txt("v=DMARC1; p=reject; rua=mailto:a@x.example,mailto:reports@rua.monitor.example")], Ours, null);

        Assert.Equal((Outcome.Updated, "v=DMARC1; p=reject; rua=mailto:a@x.example"), (change.Outcome, change.After));
    }

    [Fact]
    public void Disable_deletes_a_record_we_created_that_nobody_changed()
    {
        var created = ZonePlanner.NewRecord(Ours);

        var change = ZonePlanner.PlanDisable(Primary, [Txt(created)], Ours, created);

        Assert.Equal(new ZoneChange(Outcome.Deleted, null, "The record was created by this service and is unchanged.", created, null), change);
    }

    [Fact]
    public void Disable_keeps_a_record_we_created_that_was_changed_since()
    {
        var change = ZonePlanner.PlanDisable(Primary, [Txt("v=DMARC1; p=reject; rua=mailto:reports@rua.monitor.example")], Ours, ZonePlanner.NewRecord(Ours));

        Assert.Equal((Outcome.Updated, "v=DMARC1; p=reject"), (change.Outcome, change.After));
    }

    [Fact]
    public void Disable_skips_zones_that_do_not_report_to_us()
    {
        Assert.Equal(SkipReason.NotConfigured, ZonePlanner.PlanDisable(Primary, [Txt("v=DMARC1; p=none")], Ours, null).Reason);
        Assert.Equal(SkipReason.NotConfigured, ZonePlanner.PlanDisable(Primary, [], Ours, null).Reason);
    }

    [Fact]
    public void Writing_keeps_other_txt_values_at_dmarc()
    {
        var sets = new[] { Txt("v=DMARC1; p=none", "other=1") };

        Assert.Equal(["other=1", "v=DMARC1; p=none; rua=x"], ZonePlanner.ApplyToTxt(Name, sets, "v=DMARC1; p=none; rua=x")!.Values);
        Assert.Equal(["other=1"], ZonePlanner.ApplyToTxt(Name, sets, null)!.Values);
        Assert.Null(ZonePlanner.ApplyToTxt(Name, [Txt("v=DMARC1; p=none")], null));
    }

    private static RecordSet Txt(params string[] values) => new(Name, "TXT", 3600, values);
}
