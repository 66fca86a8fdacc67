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
