namespace Dmarc.Core.Accounts;

/// <summary>Port: accounts, their users and the hashes of their users' API keys.</summary>
public interface IAccountStore
{
    /// <summary>Stores the account and one Owner user per address in <see cref="Account.OwnerEmails"/>.</summary>
    Task AddAsync(Account account, CancellationToken cancellationToken = default);

    /// <summary>The account with its current owners, or null.</summary>
    Task<Account?> GetAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the account to the status only if it still has the expected one (conditional
    /// on the stored row's version); false when it had another status or a concurrent change won.
    /// </summary>
    Task<bool> TryChangeStatusAsync(string accountId, AccountStatus expected, AccountStatus status, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AccountUser>> ListUsersAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>Adds a user; false when the address already has access to the account.</summary>
    Task<bool> AddUserAsync(AccountUser user, CancellationToken cancellationToken = default);

    /// <summary>Removes a user and every API key issued to them.</summary>
    Task RemoveUserAsync(string accountId, string email, CancellationToken cancellationToken = default);

    Task AddKeyAsync(string apiKeyHash, ApiKeyGrant grant, DateTimeOffset issuedAt, CancellationToken cancellationToken = default);

    Task<ApiKeyGrant?> FindKeyAsync(string apiKeyHash, CancellationToken cancellationToken = default);

    /// <summary>The account's keys (their ids, never the keys or whole hashes), oldest first.</summary>
    Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the account's key with that id; false when the account has no such key.</summary>
    Task<bool> RevokeKeyAsync(string accountId, string keyId, CancellationToken cancellationToken = default);
}
