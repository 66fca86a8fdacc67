using Dmarc.Core.Records;

namespace Dmarc.Core.Tests.Records;

public class DmarcRecordEditTests
{
    private static readonly DmarcUri Ours = new("mailto:reports@rua.monitor.example", null);

    [Theory]
    [InlineData("v=DMARC1; p=reject; pct=50; adkim=s", "v=DMARC1; p=reject; pct=50; adkim=s; rua=mailto:reports@rua.monitor.example")]
    [InlineData("v=DMARC1; p=quarantine; rua=mailto:a@x.example!10m; fo=1", "v=DMARC1; p=quarantine; rua=mailto:a@x.example!10m,mailto:reports@rua.monitor.example; fo=1")]
    [InlineData("V=DMARC1; P=Reject; RUA=mailto:a@x.example, mailto:b@y.example", "V=DMARC1; P=Reject; RUA=mailto:a@x.example,mailto:b@y.example,mailto:reports@rua.monitor.example")]
    public void Adding_our_rua_keeps_every_other_tag_its_order_and_value(string before, string after)
    {
        Assert.Equal(after, DmarcRecord.Parse(before).WithRuaAdded(Ours).Format());
    }

    [Fact]
    public void Adding_an_address_already_present_changes_nothing()
    {
        var record = DmarcRecord.Parse("v=DMARC1; p=none; rua=mailto:REPORTS@rua.monitor.example!5m");

        Assert.Same(record, record.WithRuaAdded(Ours));
    }

    [Theory]
    [InlineData("v=DMARC1; p=reject; rua=mailto:a@x.example!10m,mailto:reports@rua.monitor.example; pct=50", "v=DMARC1; p=reject; rua=mailto:a@x.example!10m; pct=50")]
    [InlineData("v=DMARC1; p=none; rua=mailto:reports@rua.monitor.example!2m", "v=DMARC1; p=none")]
    [InlineData("v=DMARC1; p=none; rua=mailto:a@x.example", "v=DMARC1; p=none; rua=mailto:a@x.example")]
    public void Removing_our_rua_removes_only_that_uri(string before, string after)
    {
        Assert.Equal(after, DmarcRecord.Parse(before).WithRuaRemoved(Ours).Format());
    }

    [Fact]
    public void Add_then_remove_round_trips()
    {
        var record = DmarcRecord.Parse("v=DMARC1; p=quarantine; sp=none; rua=mailto:a@x.example!10m");

        Assert.Equal(record, record.WithRuaAdded(Ours).WithRuaRemoved(Ours));
    }
}
