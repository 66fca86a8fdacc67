using Dmarc.Core.Records;

namespace Dmarc.Core.Tests.Records;

public class DmarcRecordParseTests
{
    [Theory]
    // RFC 7489 Appendix B examples
    [InlineData("v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com")]
    [InlineData("v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com; ruf=mailto:auth-reports@thirdparty.example.net")]
    [InlineData("v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com,mailto:tld-test@thirdparty.example.net!10m; pct=25")]
    [InlineData("v=DMARC1; p=reject; sp=quarantine; adkim=s; aspf=r; fo=0:1:d:s; rf=afrf; ri=86400")]
    // RFC 9989 tags
    [InlineData("v=DMARC1; p=reject; np=reject; t=y; psd=n")]
    [InlineData("v=DMARC1; p=none; psd=u")]
    public void Standard_records_parse(string txt)
    {
        Assert.True(DmarcRecord.TryParse(txt, out var record, out var error), error?.ToString());
        Assert.Equal(txt, record.Format());
    }

    [Theory]
    [InlineData("v=DMARC1;p=reject;")]
    [InlineData("v = DMARC1 ;  p = quarantine ;; pct = 50 ; ")]
    [InlineData("V=DMARC1; P=Reject; RUA=mailto:A@Example.com")]
    [InlineData("v=DMARC1; p=none; rua=mailto:a@x.example, mailto:b@y.example!5m")]
    [InlineData("v=DMARC1; rua=mailto:a@x.example")]
    [InlineData("v=DMARC1; p=none; foo=bar")]
    [InlineData("v=DMARC1; p=none; rf=afrf:x-custom-format")]
    [InlineData("v=DMARC1; p=none; rua=mailto:dmarc@localhost,mailto:d@[192.0.2.1],mailto:\"a@b\"@example.com")]
    public void Messy_real_world_records_parse_and_keep_their_text(string txt)
    {
        Assert.True(DmarcRecord.TryParse(txt, out var record, out var error), error?.ToString());
        Assert.Equal(txt, record.Format());
    }

    [Fact]
    public void Several_rua_uris_are_read_in_order_with_their_size_limits()
    {
        var record = DmarcRecord.Parse("v=DMARC1; p=none; rua=mailto:a@x.example!10m, mailto:b@y.example,https://r.example/report");

        Assert.Equal(
            [new DmarcUri("mailto:a@x.example", "10m"), new DmarcUri("mailto:b@y.example", null), new DmarcUri("https://r.example/report", null)],
            record.Rua);
    }

    [Theory]
    [InlineData("", "v", "must start with v=DMARC1")]
    [InlineData("p=reject", "v", "must start with v=DMARC1")]
    [InlineData("p=reject; v=DMARC1", "v", "must start with v=DMARC1")]
    [InlineData(" v=DMARC1; p=reject", "v", "starts with whitespace")]
    [InlineData("v=DMARC2; p=none", "v", "must be exactly DMARC1, not 'DMARC2'")]
    [InlineData("v=dmarc1; p=none", "v", "must be exactly DMARC1, not 'dmarc1'")]
    [InlineData("v=DMARC; p=none", "v", "must be exactly DMARC1, not 'DMARC'")]
    [InlineData("v=DMARC1 p=reject", "v", "must be followed by ';'")]
    [InlineData("v=DMARC1\tp=none", "v", "must be followed by ';'")]
    [InlineData("v=DMARC1\\; p=reject\\;", "v", "must be followed by ';'")]
    [InlineData("v=DMARC1; sp=reject", "p", "no p tag but sets sp")]
    [InlineData("v=DMARC1; adkim=s", "p", "no p tag but sets adkim")]
    [InlineData("v=DMARC1; p=none; v=DMARC1", "v", "appears more than once")]
    [InlineData("v=DMARC1; p=block", "p", "'block' is not one of none, quarantine, reject.")]
    [InlineData("v=DMARC1; p=none; sp=deny", "sp", "'deny' is not one of none, quarantine, reject.")]
    [InlineData("v=DMARC1; p=none; np=maybe", "np", "'maybe' is not one of none, quarantine, reject.")]
    [InlineData("v=DMARC1; p=none; adkim=x", "adkim", "'x' is not one of r, s.")]
    [InlineData("v=DMARC1; p=none; pct=150", "pct", "'150' is not a whole number from 0 to 100.")]
    [InlineData("v=DMARC1; p=none; pct=-1", "pct", "'-1' is not a whole number from 0 to 100.")]
    [InlineData("v=DMARC1; p=none; t=yes", "t", "'yes' is not one of y, n.")]
    [InlineData("v=DMARC1; p=none; fo=2", "fo", "'2' is not a list of 0, 1, d and s separated by ':'.")]
    [InlineData("v=DMARC1; p=none; rf=-afrf", "rf", "is not a list of report format keywords")]
    [InlineData("v=DMARC1; p=none; rua=dmarc@example.com", "rua", "'dmarc@example.com' is not a valid reporting URI.")]
    [InlineData("v=DMARC1; p=none; rua=mailto:", "rua", "'mailto:' is not a valid reporting URI.")]
    [InlineData("v=DMARC1; p=none; rua=mailto:a@x.example!10x", "rua", "'mailto:a@x.example!10x' is not a valid reporting URI.")]
    [InlineData("v=DMARC1; p=none; rua=", "rua", "The list of reporting URIs is empty.")]
    [InlineData("v=DMARC1; p=none; ruf=mailto:a b@x.example", "ruf", "'mailto:a b@x.example' is not a valid reporting URI.")]
    [InlineData("v=DMARC1; p=none; p=reject", "p", "The tag appears more than once")]
    [InlineData("v=DMARC1; p=none; P=reject", "p", "The tag appears more than once")]
    [InlineData("v=DMARC1; p=none; rubbish", null, "'rubbish' is not a tag=value pair")]
    public void Invalid_records_are_refused_with_a_reason_that_says_what_receivers_do(string txt, string? tag, string phrase)
    {
        Assert.False(DmarcRecord.TryParse(txt, out _, out var error));
        Assert.Equal(tag, error.Tag);
        Assert.Contains(phrase, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v=DMARC1; p=none", true)]
    [InlineData(" V = dmarc1 ;p=reject", true)]
    [InlineData("v=DMARC1", true)]
    [InlineData("v=spf1 -all", false)]
    [InlineData("google-site-verification=abc", false)]
    [InlineData("v=DMARC10; p=none", true)]
    [InlineData("  v=dmarc1; p=none", true)]
    [InlineData("v=DMARC p=none", true)]
    [InlineData("dmarc v=DMARC1", false)]
    public void Any_txt_value_a_receiver_could_take_for_dmarc_counts_as_one(string txt, bool dmarc)
    {
        Assert.Equal(dmarc, DmarcRecord.LooksLikeDmarc(txt));
    }
}
