namespace Dmarc.Core.Accounts;

/// <summary>A customer account of the monitoring service.</summary>
public sealed record Account(
    string Id,
    string Name,
    IReadOnlyList<string> OwnerEmails,
    Edition Edition,
    DateTimeOffset CreatedAt);

/// <summary>A newly created account and the API key that was issued for it (shown once).</summary>
public sealed record CreatedAccount(Account Account, string ApiKey);
