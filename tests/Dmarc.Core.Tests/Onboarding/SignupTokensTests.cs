using Dmarc.Core.Onboarding;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dmarc.Core.Tests.Onboarding;

public class SignupTokensTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_token_carries_its_account_and_address_until_it_expires()
    {
        var tokens = Tokens("secret-key-0123456789abcdefghijklmnopq");
        var token = tokens.Create("acc_1", "sec@contoso.com");

        var claim = tokens.Verify(token, out var error);
        Assert.Null(error);
        Assert.Equal(("acc_1", "sec@contoso.com"), (claim!.AccountId, claim.Email));

        _time.Advance(TimeSpan.FromHours(49));
        Assert.Null(tokens.Verify(token, out error));
        Assert.Equal("The link has expired. Sign up again to get a new one.", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("abc.def")]
    public void Garbage_is_not_valid(string? token)
    {
        Assert.Null(Tokens("secret-key-0123456789abcdefghijklmnopq").Verify(token, out var error));
        Assert.StartsWith("The link is not valid.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_or_foreign_token_is_not_valid()
    {
        var token = Tokens("secret-key-0123456789abcdefghijklmnopq").Create("acc_1", "sec@contoso.com");
        var other = Tokens("another-key-0123456789abcdefghijklmnop");
        var forged = Tokens("secret-key-0123456789abcdefghijklmnopq").Create("acc_2", "sec@contoso.com").Split('.')[0] + "." + token.Split('.')[1];

        Assert.Null(other.Verify(token, out _));
        Assert.Null(Tokens("secret-key-0123456789abcdefghijklmnopq").Verify(forged, out _));
    }

    private SignupTokens Tokens(string key) =>
        new(Options.Create(new OnboardingOptions { SigningKey = key, ConfirmUrl = new Uri("https://portal.example/confirm") }), _time);

    [Fact]
    public void A_sign_up_link_does_not_confirm_an_access_request_and_back()
    {
        var tokens = Tokens("secret-key-0123456789abcdefghijklmnopq");
        var signup = tokens.Create("acc_1", "sec@contoso.com", "contoso.com");
        var access = tokens.Create("req_1", "sec@contoso.com", purpose: SignupTokens.AccessRequestPurpose);

        Assert.Null(tokens.Verify(signup, out _, SignupTokens.AccessRequestPurpose));
        Assert.Null(tokens.Verify(access, out _));
        Assert.Equal("req_1", tokens.Verify(access, out _, SignupTokens.AccessRequestPurpose)!.AccountId);
        Assert.Equal("contoso.com", tokens.Verify(signup, out _)!.Domain);
    }
}
