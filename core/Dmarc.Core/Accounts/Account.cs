using System.Text.Json.Serialization;

namespace Dmarc.Core.Accounts;

/// <summary>Pending until the first owner confirms the sign-up link; accounts an operator creates start active.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AccountStatus>))]
public enum AccountStatus
{
    Active,
    Pending,
}

/// <summary>A customer account of the monitoring service. Its owners come from its users.</summary>
public sealed record Account(
    string Id,
    string Name,
    IReadOnlyList<string> OwnerEmails,
    Edition Edition,
    DateTimeOffset CreatedAt,
    AccountStatus Status = AccountStatus.Active);

/// <summary>A newly created account and the API key that was issued for its first owner (shown once).</summary>
public sealed record CreatedAccount(Account Account, string ApiKey);
