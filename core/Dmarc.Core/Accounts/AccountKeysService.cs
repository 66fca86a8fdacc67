using Dmarc.Core.Audit;

namespace Dmarc.Core.Accounts;

/// <summary>The answer to a change of an account's API keys.</summary>
public abstract record KeyChange
{
    private KeyChange()
    {
    }

    /// <summary>No such user (issuing) or no such key (rotating, revoking) in the account.</summary>
    public sealed record NotFound(string What, string Id) : KeyChange;

    /// <summary>A new key, shown only in this answer.</summary>
    public sealed record Issued(ApiKeyInfo Key, string ApiKey) : KeyChange;

    public sealed record Revoked : KeyChange;
}

/// <summary>
/// An owner's view of the account's keys: list them, issue one for a user, rotate one (a new
/// key for the same user, then the old one revoked) and revoke one. Each change is in the
/// activity log. A key revoked stops working at once: every request looks its hash up.
/// </summary>
public sealed class AccountKeysService(IAccountStore store, AccountService keys, ActivityRecorder activity)
{
    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string accountId, CancellationToken cancellationToken = default) =>
        store.ListKeysAsync(accountId, cancellationToken);

    /// <summary>A new key for a user of the account (the caller when no address is given), with that user's role.</summary>
    public async Task<KeyChange> IssueAsync(string accountId, string email, CancellationToken cancellationToken = default)
    {
        var user = (await store.ListUsersAsync(accountId, cancellationToken))
            .FirstOrDefault(u => string.Equals(u.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));
        return user is null ? new KeyChange.NotFound("User", email) : await IssueForAsync(accountId, user.Email, user.Role, cancellationToken);
    }

    /// <summary>
    /// A new key for the key's user, then the old key revoked. Should the revoke fail, the new key
    /// is already issued and the old one still works: a retry revokes it (and issues another).
    /// </summary>
    public async Task<KeyChange> RotateAsync(string accountId, string keyId, CancellationToken cancellationToken = default)
    {
        var old = (await store.ListKeysAsync(accountId, cancellationToken)).FirstOrDefault(k => k.Id == keyId);
        if (old is null)
        {
            return new KeyChange.NotFound("API key", keyId);
        }

        var issued = await IssueForAsync(accountId, old.Email, old.Role, cancellationToken);
        await RevokeAsync(accountId, keyId, cancellationToken);
        return issued;
    }

    public async Task<KeyChange> RevokeAsync(string accountId, string keyId, CancellationToken cancellationToken = default)
    {
        var entry = await activity.StartAsync(accountId, ActivityEntry.ServiceActor, "ApiKeyRevoked", keyId, cancellationToken);
        var revoked = await store.RevokeKeyAsync(accountId, keyId, cancellationToken);
        await activity.CompleteAsync(entry, revoked ? ActivityEntry.Done : "NotFound", cancellationToken);
        return revoked ? new KeyChange.Revoked() : new KeyChange.NotFound("API key", keyId);
    }

    private async Task<KeyChange> IssueForAsync(string accountId, string email, AccountRole role, CancellationToken cancellationToken)
    {
        var key = await keys.IssueKeyAsync(new ApiKeyGrant(accountId, email, role), cancellationToken);
        var id = ApiKeys.IdOf(ApiKeys.Hash(key));
        var info = (await store.ListKeysAsync(accountId, cancellationToken)).FirstOrDefault(k => k.Id == id) ?? new ApiKeyInfo(id, email, role, null);
        return new KeyChange.Issued(info, key);
    }
}
