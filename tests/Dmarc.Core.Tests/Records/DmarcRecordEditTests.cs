using Dmarc.Core.Records;

namespace Dmarc.Core.Tests.Records;

public class DmarcRecordEditTests
{
    private static readonly DmarcUri Ours = new("mailto:reports@rua.monitor.example", null);

    [Theory]
    [InlineData("v=DMARC1; p=reject; pct=50; adkim=s", "v=DMARC1; p=reject; pct=50; adkim=s; rua=mailto:reports@rua.monitor.example")]
    [InlineData("v=DMARC1; p=quarantine; rua=mailto:a@x.example!10m; fo=1", "v=DMARC1; p=quarantine; rua=mailto:a@x.example!10m,mailto:reports@rua.monitor.example; fo=1")]
    [InlineData("V=DMARC1; P=Reject; RUA=mailto:a@x.example, mailto:b@y.example", "V=DMARC1; P=Reject; RUA=mailto:a@x.example, mailto:b@y.example,mailto:reports@rua.monitor.example")]
    [InlineData("v=DMARC1;p=reject;", "v=DMARC1;p=reject;rua=mailto:reports@rua.monitor.example;")]
    [InlineData("v=DMARC1 ; p=none ; ", "v=DMARC1 ; p=none ; rua=mailto:reports@rua.monitor.example ; ")]
    [InlineData("v=DMARC1", "v=DMARC1; rua=mailto:reports@rua.monitor.example")]
    [InlineData("v=DMARC1; p=none; rua = mailto:a@x.example ; pct=5", "v=DMARC1; p=none; rua = mailto:a@x.example,mailto:reports@rua.monitor.example ; pct=5")]
    public void Adding_our_rua_changes_only_the_rua_value_or_appends_one_tag_in_the_records_style(string before, string after)
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

    [Theory]
    [InlineData("v=DMARC1; p=quarantine; sp=none; rua=mailto:a@x.example!10m")]
    [InlineData("v=DMARC1;p=reject;")]
    [InlineData("v=DMARC1 ; p=none ; ")]
    [InlineData("v=DMARC1")]
    [InlineData("V = DMARC1;P=reject;RUA=mailto:a@x.example , mailto:b@y.example ;")]
    public void Add_then_remove_gives_back_the_exact_text(string text)
    {
        var record = DmarcRecord.Parse(text);

        Assert.Equal(text, record.WithRuaAdded(Ours).WithRuaRemoved(Ours).Text);
    }
}
