using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Onboarding;

/// <summary>
/// What a confirmation link carries: the pending account (or, for <see cref="SignupTokens.AccessRequestPurpose"/>,
/// the access request), the address, and the domain a sign-up will claim.
/// </summary>
public sealed record SignupClaim(string AccountId, string Email, DateTimeOffset ExpiresAt, string? Domain = null, string? Purpose = null);

/// <summary>Signed, expiring confirmation tokens: base64url(JSON) "." base64url(HMAC-SHA256).</summary>
public sealed class SignupTokens(IOptions<OnboardingOptions> options, TimeProvider time)
{
    /// <summary>The purpose of links that confirm an access requester's address; sign-up links have none.</summary>
    public const string AccessRequestPurpose = "access-request";

    public string Create(string accountId, string email, string? domain = null, string? purpose = null)
    {
        var claim = new SignupClaim(accountId, email, time.GetUtcNow() + options.Value.LinkLifetime, domain, purpose);
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claim));
        return payload + "." + Base64Url.EncodeToString(Sign(payload));
    }

    /// <summary>The claim of a genuine, unexpired token; otherwise null and why.</summary>
    public SignupClaim? Verify(string? token, out string? error, string? purpose = null)
    {
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 2 || !TryDecode(parts[1], out var signature) || !CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0])))
        {
            error = "The link is not valid. Use the link from the latest e-mail, or sign up again.";
            return null;
        }

        var claim = TryDecode(parts[0], out var json) ? JsonSerializer.Deserialize<SignupClaim>(json) : null;
        if (claim is not null && claim.Purpose != purpose)
        {
            error = "The link is not valid. Use the link from the latest e-mail, or sign up again.";
            return null;
        }

        if (claim is null || claim.ExpiresAt < time.GetUtcNow())
        {
            error = "The link has expired. Sign up again to get a new one.";
            return null;
        }

        error = null;
        return claim;
    }

    private byte[] Sign(string payload) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.SigningKey), Encoding.UTF8.GetBytes(payload));

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = Base64Url.IsValid(text) ? Base64Url.DecodeFromChars(text) : [];
        return bytes.Length > 0;
    }
}
