using System.Buffers.Text;
using System.Security.Cryptography;

namespace Dmarc.Core.Onboarding;

/// <summary>
/// A proof-of-control challenge: the account publishes <see cref="Value"/> as a TXT record at
/// <see cref="RecordName"/> in the domain's public DNS before <see cref="ExpiresAt"/>.
/// </summary>
public sealed record DomainChallenge(string AccountId, string Domain, string Token, DateTimeOffset ExpiresAt)
{
    public const string RecordLabel = "_dmarc-monitor-challenge";
    public const string ValuePrefix = "dmarc-monitor-verification=";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public string RecordName => $"{RecordLabel}.{Domain}";

    public string Value => ValuePrefix + Token;

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>A new challenge with a random 256-bit token.</summary>
    public static DomainChallenge Issue(string accountId, string domain, DateTimeOffset now) =>
        new(accountId, domain, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), now + Lifetime);
}

/// <summary>Port: open challenges, one per account and domain.</summary>
public interface IDomainChallengeStore
{
    Task UpsertAsync(DomainChallenge challenge, CancellationToken cancellationToken = default);

    Task<DomainChallenge?> GetAsync(string accountId, string domain, CancellationToken cancellationToken = default);

    Task DeleteAsync(string accountId, string domain, CancellationToken cancellationToken = default);
}

/// <summary>Port: TXT records as public DNS serves them (character-strings of each record joined).</summary>
public interface ITxtLookup
{
    Task<IReadOnlyList<string>> GetTxtAsync(string name, CancellationToken cancellationToken = default);
}
