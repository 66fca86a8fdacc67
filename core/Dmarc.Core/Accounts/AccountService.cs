using Dmarc.Core.Audit;

namespace Dmarc.Core.Accounts;

/// <summary>Creates accounts, issues API keys and resolves them to the user they speak for.</summary>
public sealed class AccountService(IAccountStore store, ActivityRecorder activity, TimeProvider time)
{
    /// <summary>Creates an active account from a request that passed <see cref="NewAccount.Validate"/>; the key is the first owner's.</summary>
    public async Task<CreatedAccount> CreateAsync(NewAccount request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Validate();
        if (!errors.IsEmpty || !NewAccount.TryParseEdition(request.Edition, out var edition))
        {
            throw new ArgumentException(errors.ToString(), nameof(request));
        }

        var owners = request.OwnerEmails!
            .Select(e => e.Trim().ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var account = await AddAsync(request.Name!.Trim(), owners, edition, AccountStatus.Active, cancellationToken);
        return new CreatedAccount(account, await IssueKeyAsync(new ApiKeyGrant(account.Id, owners[0], AccountRole.Owner), cancellationToken));
    }

    /// <summary>Stores a new account with its owners.</summary>
    public async Task<Account> AddAsync(string name, IReadOnlyList<string> owners, Edition edition, AccountStatus status, CancellationToken cancellationToken = default)
    {
        var account = new Account(NewId(), name, owners, edition, time.GetUtcNow(), status);
        await store.AddAsync(account, cancellationToken);
        return account;
    }

    /// <summary>
    /// Issues a new API key for a user; only its hash is stored. The activity log says so before
    /// the key exists, so no key is ever issued without a trace.
    /// </summary>
    public async Task<string> IssueKeyAsync(ApiKeyGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var entry = await activity.StartAsync(grant.AccountId, ActivityEntry.ServiceActor, "ApiKeyIssued", $"{grant.Email} as {grant.Role}", cancellationToken);
        var key = ApiKeys.Generate();
        await store.AddKeyAsync(ApiKeys.Hash(key), grant, time.GetUtcNow(), cancellationToken);
        await activity.CompleteAsync(entry, ActivityEntry.Done, cancellationToken);
        return key;
    }

    public Task<Account?> GetAsync(string accountId, CancellationToken cancellationToken = default) =>
        store.GetAsync(accountId, cancellationToken);

    /// <summary>Who the key speaks for, or null for an unknown key.</summary>
    public Task<ApiKeyGrant?> AuthenticateAsync(string apiKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return string.IsNullOrWhiteSpace(apiKey)
            ? Task.FromResult<ApiKeyGrant?>(null)
            : store.FindKeyAsync(ApiKeys.Hash(apiKey.Trim()), cancellationToken);
    }

    private static string NewId() => "acc_" + Guid.NewGuid().ToString("N")[..20];
}
