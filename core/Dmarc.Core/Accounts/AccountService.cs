namespace Dmarc.Core.Accounts;

/// <summary>Creates accounts and resolves API keys to the account they belong to.</summary>
public sealed class AccountService(IAccountStore store, TimeProvider time)
{
    /// <summary>Creates an account from a request that passed <see cref="NewAccount.Validate"/>.</summary>
    public async Task<CreatedAccount> CreateAsync(NewAccount request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Validate();
        if (!errors.IsEmpty || !NewAccount.TryParseEdition(request.Edition, out var edition))
        {
            throw new ArgumentException(errors.ToString(), nameof(request));
        }

        var owners = request.OwnerEmails!
            .Select(e => e.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        var account = new Account(NewId(), request.Name!.Trim(), owners, edition, time.GetUtcNow());
        var key = ApiKeys.Generate();
        await store.AddAsync(account, ApiKeys.Hash(key), cancellationToken);
        return new CreatedAccount(account, key);
    }

    public Task<Account?> GetAsync(string accountId, CancellationToken cancellationToken = default) =>
        store.GetAsync(accountId, cancellationToken);

    /// <summary>Returns the id of the account the key belongs to, or null for an unknown key.</summary>
    public Task<string?> AuthenticateAsync(string apiKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return string.IsNullOrWhiteSpace(apiKey)
            ? Task.FromResult<string?>(null)
            : store.FindAccountIdByKeyHashAsync(ApiKeys.Hash(apiKey.Trim()), cancellationToken);
    }

    private static string NewId() => "acc_" + Guid.NewGuid().ToString("N")[..20];
}
