using Dmarc.Core.Dns;

namespace Dmarc.Core.Tests.Dns;

public class PublicSuffixListTests
{
    private static readonly PublicSuffixList Sample = PublicSuffixList.Parse(new StringReader("""
        // ===BEGIN ICANN DOMAINS===
        com
        uk
        co.uk

        // ck : wildcard with an exception
        *.ck
        !www.ck
        // jp: a rule, a wildcard below it and an exception below that
        jp
        *.kawasaki.jp
        !city.kawasaki.jp
        公司.cn   this text after white space is ignored
        // ===END ICANN DOMAINS===
        // ===BEGIN PRIVATE DOMAINS===
        github.io
        // ===END PRIVATE DOMAINS===
        """));

    [Theory]
    [InlineData("com", "com", null)]
    [InlineData("example.com", "com", "example.com")]
    [InlineData("www.example.com", "com", "example.com")]
    [InlineData("co.uk", "co.uk", null)]
    [InlineData("a.co.uk", "co.uk", "a.co.uk")]
    [InlineData("b.a.co.uk", "co.uk", "a.co.uk")]
    [InlineData("ck", "ck", null)]
    [InlineData("foo.ck", "foo.ck", null)]
    [InlineData("a.foo.ck", "foo.ck", "a.foo.ck")]
    [InlineData("www.ck", "ck", "www.ck")]
    [InlineData("a.www.ck", "ck", "www.ck")]
    [InlineData("x.kawasaki.jp", "x.kawasaki.jp", null)]
    [InlineData("city.kawasaki.jp", "kawasaki.jp", "city.kawasaki.jp")]
    [InlineData("github.io", "github.io", null)]
    [InlineData("me.github.io", "github.io", "me.github.io")]
    [InlineData("example", "example", null)]
    [InlineData("a.b.example", "example", "b.example")]
    [InlineData("shop.xn--55qx5d.cn", "xn--55qx5d.cn", "shop.xn--55qx5d.cn")]
    public void Finds_the_public_suffix_and_the_registrable_domain(string name, string suffix, string? registrable)
    {
        Assert.Equal(suffix, Sample.PublicSuffixOf(name));
        Assert.Equal(registrable, Sample.RegistrableDomainOf(name));
        Assert.Equal(registrable is null, Sample.IsPublicSuffix(name));
    }

    [Fact]
    public void The_shipped_list_is_the_real_one()
    {
        var list = PublicSuffixList.Default;

        Assert.True(list.Count > 5000, $"only {list.Count} rules");
        Assert.True(list.IsPublicSuffix("co.uk"));
        Assert.False(list.IsPublicSuffix("a.co.uk"));
        Assert.True(list.IsPublicSuffix("foo.ck"));
        Assert.False(list.IsPublicSuffix("www.ck"));
        Assert.True(list.IsPublicSuffix("in-addr.arpa"));
        Assert.Equal("example.com", list.RegistrableDomainOf("mail.example.com"));
    }
}
