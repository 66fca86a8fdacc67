using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Records;

namespace Dmarc.Core.Tests.Monitoring;

public class ZonePlannerTests
{
    private const string Zone = "contoso.com";
    private const string Name = "_dmarc.contoso.com";
    private const string Reporting = "monitor.example";
    private static readonly DmarcUri Ours = new("mailto:reports@rua.monitor.example", null);
    private static readonly DnsZone Primary = new(Zone, ZoneKind.Primary, DnssecState.NotSigned);

    [Fact]
    public void No_record_creates_a_monitoring_only_record()
    {
        var change = ZonePlanner.PlanEnable(Primary, [], Ours, Reporting);

        Assert.Equal(new ZoneChange(Outcome.Created, null, null, null, "v=DMARC1; p=none; rua=mailto:reports@rua.monitor.example"), change);
    }

    [Fact]
    public void A_txt_record_that_is_not_dmarc_is_not_a_dmarc_record()
    {
        var change = ZonePlanner.PlanEnable(Primary, [Txt("v=spf1 -all", "site-verification=1")], Ours, Reporting);

        Assert.Equal(Outcome.Created, change.Outcome);
    }

    [Fact]
    public void An_existing_record_gets_our_rua_and_keeps_its_policy()
    {
        var change = ZonePlanner.PlanEnable(Primary, [Txt("v=DMARC1; p=reject; rua=mailto:a@x.example!10m; pct=50")], Ours, Reporting);

        Assert.Equal(Outcome.Updated, change.Outcome);
        Assert.Equal("v=DMARC1; p=reject; rua=mailto:a@x.example!10m; pct=50", change.Before);
        Assert.Equal("v=DMARC1; p=reject; rua=mailto:a@x.example!10m,mailto:reports@rua.monitor.example; pct=50", change.After);
    }

    [Fact]
    public void An_existing_record_without_rua_gets_one()
    {
        var change = ZonePlanner.PlanEnable(Primary, [Txt("v=DMARC1; p=quarantine")], Ours, Reporting);

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
        var change = ZonePlanner.PlanEnable(zone, sets, Ours, Reporting);

        Assert.True(change.Outcome == Outcome.Skipped && change.Reason == reason, $"{description}: {change}");
        Assert.Equal(change.Before, change.After);
        Assert.False(string.IsNullOrEmpty(change.Detail));
    }

    [Fact]
    public void Platform_signed_zones_are_fine()
    {
        Assert.Equal(Outcome.Created, ZonePlanner.PlanEnable(Primary with { Dnssec = DnssecState.PlatformSigned }, [], Ours, Reporting).Outcome);
    }

    [Fact]
    public void The_reason_of_an_invalid_record_is_given()
    {
        var change = ZonePlanner.PlanEnable(Primary, [Txt("v=DMARC1; p=block")], Ours, Reporting);

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

    [Theory]
    [InlineData(222, Outcome.Created, null)]
    [InlineData(223, Outcome.Skipped, SkipReason.NameTooLong)]
    public void Enable_skips_a_zone_whose_authorisation_name_dns_cannot_hold(int zoneLength, Outcome outcome, SkipReason? reason)
    {
        // zone + "._report._dmarc." + "monitor.example" is zoneLength + 31 characters: 253 fits, 254 does not.
        var zone = Primary with { Name = NameOfLength(zoneLength) };
        Assert.Equal(zoneLength, zone.Name.Length);
        Assert.Equal(zone.Name, DnsNames.Normalize(zone.Name));

        var change = ZonePlanner.PlanEnable(zone, [], Ours, Reporting);

        Assert.Equal((outcome, reason), (change.Outcome, change.Reason));
    }

    [Fact]
    public void A_zone_that_already_reports_to_us_but_whose_authorisation_name_is_too_long_is_skipped_as_too_long()
    {
        // AlreadyConfigured would publish the authorisation record; NameTooLong comes first and writes nothing.
        var zone = Primary with { Name = NameOfLength(240) };

        var change = ZonePlanner.PlanEnable(zone, [Txt("v=DMARC1; p=none; rua=mailto:reports@rua.monitor.example")], Ours, Reporting);

        Assert.Equal((Outcome.Skipped, SkipReason.NameTooLong), (change.Outcome, change.Reason));
        Assert.Contains("271 characters", change.Detail, StringComparison.Ordinal);
        Assert.Equal("v=DMARC1; p=none; rua=mailto:reports@rua.monitor.example", change.Before);
    }

    /// <summary>A valid host name of exactly that length: labels of at most 63 characters, ending in .example.</summary>
    private static string NameOfLength(int length)
    {
        var labels = new List<string>();
        var left = length - ".example".Length;
        while (left > 0)
        {
            var label = Math.Min(63, left);
            left -= label;
            if (left is > 0 and < 2)
            {
                // Leave room for a dot and at least one character in the next label.
                label -= 2 - left;
                left = 2;
            }

            labels.Add(new string('a', label));
            left -= left > 0 ? 1 : 0;
        }

        return string.Join('.', labels) + ".example";
    }

    private static RecordSet Txt(params string[] values) => new(Name, "TXT", 3600, values);
}
