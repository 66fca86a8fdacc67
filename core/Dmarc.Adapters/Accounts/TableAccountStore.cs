using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Accounts;

namespace Dmarc.Adapters.Accounts;

/// <summary>
/// Accounts (partition = account id), their users (partition = account id, row = e-mail) and
/// API key hashes (partition = hash) in Table Storage.
/// </summary>
public sealed class TableAccountStore(TableServiceClient tables, StorageNames names) : IAccountStore
{
    private const string KeyRow = "key";
    private readonly TableClient _accounts = tables.GetTableClient(names.Table(StorageNames.Accounts));
    private readonly TableClient _users = tables.GetTableClient(names.Table(StorageNames.AccountUsers));
    private readonly TableClient _keys = tables.GetTableClient(names.Table(StorageNames.ApiKeys));

    public async Task AddAsync(Account account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        await _accounts.AddEntityAsync(AccountEntity.From(account), cancellationToken);
        foreach (var owner in account.OwnerEmails)
        {
            await AddUserAsync(new AccountUser(account.Id, owner, AccountRole.Owner, account.CreatedAt), cancellationToken);
        }
    }

    public async Task<Account?> GetAsync(string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (!TableKeys.IsValid(accountId))
        {
            return null;
        }

        var row = await _accounts.GetEntityIfExistsAsync<AccountEntity>(accountId, AccountEntity.Row, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var owners = (await ListUsersAsync(accountId, cancellationToken)).Where(u => u.Role == AccountRole.Owner).Select(u => u.Email).ToArray();
        return row.Value!.ToDomain(owners);
    }

    public async Task<bool> TryChangeStatusAsync(string accountId, AccountStatus expected, AccountStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (!TableKeys.IsValid(accountId))
        {
            return false;
        }

        var row = await _accounts.GetEntityIfExistsAsync<AccountEntity>(accountId, AccountEntity.Row, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.Status != expected.ToString())
        {
            return false;
        }

        try
        {
            await _accounts.UpdateEntityAsync(new TableEntity(accountId, AccountEntity.Row) { ["Status"] = status.ToString() }, row.Value.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<AccountUser>> ListUsersAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var users = new List<AccountUser>();
        await foreach (var e in _users.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {accountId}"), cancellationToken: cancellationToken))
        {
            users.Add(new AccountUser(accountId, e.GetString("Email"), Enum.Parse<AccountRole>(e.GetString("Role")), e.GetDateTimeOffset("AddedAt") ?? default));
        }

        return users.OrderBy(u => u.AddedAt).ThenBy(u => u.Email, StringComparer.Ordinal).ToArray();
    }

    public async Task<bool> AddUserAsync(AccountUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        try
        {
            await _users.AddEntityAsync(new TableEntity(user.AccountId, TableKeys.Encode(user.Email))
            {
                ["Email"] = user.Email,
                ["Role"] = user.Role.ToString(),
                ["AddedAt"] = user.AddedAt,
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task RemoveUserAsync(string accountId, string email, CancellationToken cancellationToken = default)
    {
        var keys = _keys.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"AccountId eq {accountId} and Email eq {email}"), cancellationToken: cancellationToken);
        await foreach (var key in keys)
        {
            await _keys.DeleteEntityAsync(key.PartitionKey, key.RowKey, ETag.All, cancellationToken);
        }

        await _users.DeleteEntityAsync(accountId, TableKeys.Encode(email), ETag.All, cancellationToken);
    }

    public Task AddKeyAsync(string apiKeyHash, ApiKeyGrant grant, DateTimeOffset issuedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return _keys.AddEntityAsync(new TableEntity(apiKeyHash, KeyRow)
        {
            ["AccountId"] = grant.AccountId,
            ["Email"] = grant.Email,
            ["Role"] = grant.Role.ToString(),
            ["IssuedAt"] = issuedAt,
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var keys = new List<ApiKeyInfo>();
        await foreach (var row in AccountKeysAsync(accountId, cancellationToken))
        {
            if (Enum.TryParse<AccountRole>(row.GetString("Role"), out var role) && Enum.IsDefined(role))
            {
                keys.Add(new ApiKeyInfo(ApiKeys.IdOf(row.PartitionKey), row.GetString("Email") ?? "", role, row.GetDateTimeOffset("IssuedAt")));
            }
        }

        return [.. keys.OrderBy(k => k.IssuedAt ?? DateTimeOffset.MinValue).ThenBy(k => k.Id, StringComparer.Ordinal)];
    }

    public async Task<bool> RevokeKeyAsync(string accountId, string keyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        await foreach (var row in AccountKeysAsync(accountId, cancellationToken))
        {
            if (ApiKeys.IdOf(row.PartitionKey) == keyId)
            {
                await _keys.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                return true;
            }
        }

        return false;
    }

    /// <summary>The account's key rows: a query over the key table, as removing a user does (keys are few and looked up by hash).</summary>
    private AsyncPageable<TableEntity> AccountKeysAsync(string accountId, CancellationToken cancellationToken) =>
        _keys.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"AccountId eq {accountId}"), cancellationToken: cancellationToken);

    public async Task<ApiKeyGrant?> FindKeyAsync(string apiKeyHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKeyHash);
        var row = await _keys.GetEntityIfExistsAsync<TableEntity>(apiKeyHash, KeyRow, cancellationToken: cancellationToken);
        // Default to deny: a key row without a known role, account or address grants nothing.
        return row.HasValue
            && row.Value!.GetString("AccountId") is { Length: > 0 } accountId
            && Enum.GetNames<AccountRole>().Contains(row.Value.GetString("Role"), StringComparer.Ordinal)
            && Enum.Parse<AccountRole>(row.Value.GetString("Role")) is var role
            && row.Value.GetString("Email") is { Length: > 0 } email
                ? new ApiKeyGrant(accountId, email, role)
                : null;
    }
}
