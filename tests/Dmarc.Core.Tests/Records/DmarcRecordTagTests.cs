using Dmarc.Core.Records;

namespace Dmarc.Core.Tests.Records;

public sealed class DmarcRecordTagTests
{
    [Theory]
    [InlineData("v=DMARC1; p=none; rua=mailto:a@x.example; fo=1", "p", "quarantine", "v=DMARC1; p=quarantine; rua=mailto:a@x.example; fo=1")]
    [InlineData("v=DMARC1;p=none;rua=mailto:a@x.example;", "pct", "10", "v=DMARC1;p=none;rua=mailto:a@x.example;pct=10;")]
    [InlineData("v=DMARC1; rua=mailto:a@x.example", "p", "quarantine", "v=DMARC1; p=quarantine; rua=mailto:a@x.example")]
    [InlineData("v=DMARC1 ;  P = none ; sp=none", "p", "reject", "v=DMARC1 ;  P = reject ; sp=none")]
    [InlineData("v=DMARC1", "p", "reject", "v=DMARC1; p=reject")]
    public void A_tag_is_set_in_place_or_added_in_the_records_own_style(string text, string tag, string value, string expected) =>
        Assert.Equal(expected, DmarcRecord.Parse(text).WithTag(tag, value).Text);

    [Theory]
    [InlineData("v=DMARC1; p=none; fo=1")]
    [InlineData("v=DMARC1;p=none;rua=mailto:a@x.example;")]
    [InlineData("v=DMARC1 ; p=none ; rua=mailto:a@x.example ; ")]
    public void Adding_then_removing_a_tag_gives_back_the_text_byte_for_byte(string text)
    {
        var record = DmarcRecord.Parse(text);

        var added = record.WithTag("pct", "25").WithTag("t", "y");

        Assert.Equal("25", added["pct"]);
        Assert.Equal(text, added.WithoutTag("t").WithoutTag("pct").Text);
    }

    [Fact]
    public void Removing_an_absent_tag_or_setting_the_same_value_changes_nothing()
    {
        var record = DmarcRecord.Parse("v=DMARC1; p=none");

        Assert.Same(record, record.WithoutTag("pct"));
        Assert.Same(record, record.WithTag("p", "none"));
        Assert.Throws<ArgumentException>(() => record.WithTag("v", "DMARC2"));
        Assert.Throws<ArgumentException>(() => record.WithoutTag("v"));
    }
}
