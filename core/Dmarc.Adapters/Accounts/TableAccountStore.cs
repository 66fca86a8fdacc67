using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Accounts;

namespace Dmarc.Adapters.Accounts;

/// <summary>Accounts and API key hashes in Table Storage.</summary>
public sealed class TableAccountStore(TableServiceClient tables, StorageNames names) : IAccountStore
{
    private readonly TableClient _accounts = tables.GetTableClient(names.Table(StorageNames.Accounts));
    private readonly TableClient _keys = tables.GetTableClient(names.Table(StorageNames.ApiKeys));

    public async Task AddAsync(Account account, string apiKeyHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKeyHash);
        // The account first: a key must never point at an account that does not exist.
        await _accounts.AddEntityAsync(AccountEntity.From(account), cancellationToken);
        await _keys.AddEntityAsync(new ApiKeyEntity { PartitionKey = apiKeyHash, AccountId = account.Id }, cancellationToken);
    }

    public async Task<Account?> GetAsync(string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (!TableKeys.IsValid(accountId))
        {
            return null;
        }

        var row = await _accounts.GetEntityIfExistsAsync<AccountEntity>(accountId, AccountEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToDomain() : null;
    }

    public async Task<string?> FindAccountIdByKeyHashAsync(string apiKeyHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKeyHash);
        var row = await _keys.GetEntityIfExistsAsync<ApiKeyEntity>(apiKeyHash, ApiKeyEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.AccountId : null;
    }
}
