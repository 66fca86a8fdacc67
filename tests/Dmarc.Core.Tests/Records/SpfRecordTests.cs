using Dmarc.Core.Records;

namespace Dmarc.Core.Tests.Records;

public sealed class SpfRecordTests
{
    [Theory]
    [InlineData("v=spf1 ~all", "include:a.example", "v=spf1 include:a.example ~all")]
    [InlineData("v=spf1 ip4:192.0.2.1 -all", "ip6:2001:db8::1", "v=spf1 ip4:192.0.2.1 ip6:2001:db8::1 -all")]
    [InlineData("v=spf1 mx redirect=_spf.example", "include:a.example", "v=spf1 mx include:a.example redirect=_spf.example")]
    [InlineData("v=spf1 mx", "include:a.example", "v=spf1 mx include:a.example")]
    [InlineData("v=spf1", "ip4:192.0.2.1", "v=spf1 ip4:192.0.2.1")]
    [InlineData("v=spf1  a   ?all", "include:a.example", "v=spf1  a   include:a.example ?all")]
    public void A_term_goes_before_all_or_redirect_and_removing_it_gives_back_the_text(string text, string term, string expected)
    {
        var added = SpfRecord.Parse(text).WithTerm(term);

        Assert.Equal(expected, added.Text);
        Assert.Equal(text, added.WithoutTerm(term).Text);
        Assert.Same(added, added.WithTerm(term));
    }

    [Theory]
    [InlineData("v=spf1 include:a.example a mx ptr exists:%{i}.x.example redirect=b.example ip4:192.0.2.0/24 -all", 6)]
    [InlineData("v=spf1 ip4:192.0.2.1 ip6:2001:db8::/32 ~all", 0)]
    [InlineData("v=spf1 a:mail.example/24 mx:example.com", 2)]
    public void Own_lookups_count_include_a_mx_ptr_exists_and_redirect(string text, int lookups) =>
        Assert.Equal(lookups, SpfRecord.Parse(text).OwnLookups);

    [Theory]
    [InlineData("v=spf1 mailer ~all", "'mailer' is not an SPF mechanism or modifier")]
    [InlineData("v=spf1 ip4:300.1.1.1 ~all", "'ip4:300.1.1.1' is not a valid ip4 mechanism.")]
    [InlineData("v=spf1 include: ~all", "'include:' is not a valid include mechanism.")]
    [InlineData("v=spf1 redirect=a.example redirect=b.example", "The modifier redirect= appears more than once")]
    [InlineData("v=spf2 -all", "The record does not start with v=spf1.")]
    public void Invalid_records_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(SpfRecord.TryParse(text, out _, out var error));
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
    }
}
