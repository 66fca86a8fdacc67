using Dmarc.Core.Validation;

namespace Dmarc.Core.Tests.Validation;

public class EmailAddressTests
{
    [Theory]
    [InlineData("sec@contoso.com")]
    [InlineData("first.last+dmarc@mail.contoso.co.uk")]
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
}
