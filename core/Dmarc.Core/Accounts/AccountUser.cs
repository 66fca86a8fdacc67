using System.Text.Json.Serialization;

namespace Dmarc.Core.Accounts;

/// <summary>Owners change the account and receive its alerts and task notifications; members read.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AccountRole>))]
public enum AccountRole
{
    Owner,
    Member,
}

/// <summary>A person with access to an account.</summary>
public sealed record AccountUser(string AccountId, string Email, AccountRole Role, DateTimeOffset AddedAt);

/// <summary>Who an API key speaks for.</summary>
public sealed record ApiKeyGrant(string AccountId, string Email, AccountRole Role);

/// <summary>
/// An issued key as its account sees it: <see cref="Id"/> is the first 16 hex digits of the key's
/// SHA-256 hash (it names the key, and tells nothing of it); <see cref="IssuedAt"/> is null for
/// keys issued before it was recorded.
/// </summary>
public sealed record ApiKeyInfo(string Id, string Email, AccountRole Role, DateTimeOffset? IssuedAt);
