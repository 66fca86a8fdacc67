namespace Dmarc.Core.Accounts;

/// <summary>Port: where accounts and the hashes of their API keys are kept.</summary>
public interface IAccountStore
{
    Task AddAsync(Account account, string apiKeyHash, CancellationToken cancellationToken = default);

    Task<Account?> GetAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>Returns the id of the account that owns the key with this hash, or null.</summary>
    Task<string?> FindAccountIdByKeyHashAsync(string apiKeyHash, CancellationToken cancellationToken = default);
}
