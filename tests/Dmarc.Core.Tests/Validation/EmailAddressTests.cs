using Dmarc.Core.Validation;

namespace Dmarc.Core.Tests.Validation;

public class EmailAddressTests
{
    [Theory]
    [InlineData("sec@contoso.com")]
    [InlineData("first.last+dmarc@mail.contoso.co.uk")]
    [InlineData("o'brien!#$%&*/=?^_`{|}~-@contoso.com")]
    public void Plain_addresses_are_valid(string address) => Assert.True(EmailAddress.IsValid(address));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("contoso.com")]
    [InlineData("a@localhost")]
    [InlineData("Sec <sec@contoso.com>")]
    [InlineData(" sec@contoso.com")]
    [InlineData("sec@contoso..com")]
    [InlineData("sec@.contoso.com")]
    public void Other_strings_are_not(string? value) => Assert.False(EmailAddress.IsValid(value));

    [Theory]
    [InlineData("\"a@victim-corp.example@\"@attacker.example")]
    [InlineData("\"quoted\"@contoso.com")]
    [InlineData("a(comment)@contoso.com")]
    [InlineData("(comment)a@contoso.com")]
    [InlineData("a@[127.0.0.1]")]
    [InlineData("a@[IPv6:::1]")]
    [InlineData("a..b@contoso.com")]
    [InlineData(".a@contoso.com")]
    [InlineData("a.@contoso.com")]
    [InlineData("a\\@b@contoso.com")]
    [InlineData("a b@contoso.com")]
    [InlineData("a@b@contoso.com")]
    [InlineData("ä@contoso.com")]
    [InlineData("a@contoso.com (comment)")]
    public void Quoted_commented_and_ip_literal_addresses_are_refused(string value) => Assert.False(EmailAddress.IsValid(value));

    [Fact]
    public void The_host_is_the_parsed_domain_part()
    {
        Assert.True(EmailAddress.TryParse("First.Last@Mail.Contoso.COM", out var address));
        Assert.Equal(("First.Last", "mail.contoso.com"), (address!.LocalPart, address.Host));
        Assert.Equal("mail.contoso.com", EmailAddress.HostOf("x@mail.contoso.com"));
        Assert.Null(EmailAddress.HostOf("\"x@victim.example\"@attacker.example"));
    }
}
