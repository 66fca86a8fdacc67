using Dmarc.Core.Audit;
using Dmarc.Core.Validation;

namespace Dmarc.Core.Accounts;

/// <summary>The answer to a change of an account's users.</summary>
public abstract record UserChange
{
    private UserChange()
    {
    }

    public sealed record Invalid(ValidationErrors Errors) : UserChange;

    public sealed record Exists : UserChange;

    public sealed record NotFound : UserChange;

    /// <summary>Removing the user would leave the account without an owner.</summary>
    public sealed record LastOwner : UserChange;

    public sealed record Added(AccountUser User, string ApiKey) : UserChange;

    public sealed record Removed : UserChange;
}

/// <summary>Owners and members of an account; at least one owner always remains.</summary>
public sealed class AccountUsersService(IAccountStore store, AccountService keys, ActivityRecorder activity, TimeProvider time)
{
    public Task<IReadOnlyList<AccountUser>> ListAsync(string accountId, CancellationToken cancellationToken = default) =>
        store.ListUsersAsync(accountId, cancellationToken);

    public async Task<UserChange> AddAsync(string accountId, string? email, string? role, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var address = email?.Trim().ToLowerInvariant();
        if (!EmailAddress.IsValid(address))
        {
            errors.Add("email", $"'{email}' is not a valid e-mail address.");
        }

        if (!Enum.TryParse<AccountRole>(role, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || role!.Any(char.IsDigit))
        {
            errors.Add("role", "The role must be Owner or Member.");
        }

        if (!errors.IsEmpty)
        {
            return new UserChange.Invalid(errors);
        }

        var user = new AccountUser(accountId, address!, parsed, time.GetUtcNow());
        var entry = await activity.StartAsync(accountId, ActivityEntry.ServiceActor, "UserAdded", $"{user.Email} as {user.Role}", cancellationToken);
        if (!await store.AddUserAsync(user, cancellationToken))
        {
            await activity.CompleteAsync(entry, "AlreadyExists", cancellationToken);
            return new UserChange.Exists();
        }

        await activity.CompleteAsync(entry, ActivityEntry.Done, cancellationToken);

        return new UserChange.Added(user, await keys.IssueKeyAsync(new ApiKeyGrant(accountId, user.Email, user.Role), cancellationToken));
    }

    public async Task<UserChange> RemoveAsync(string accountId, string email, CancellationToken cancellationToken = default)
    {
        var users = await store.ListUsersAsync(accountId, cancellationToken);
        var user = users.FirstOrDefault(u => string.Equals(u.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));
        if (user is null)
        {
            return new UserChange.NotFound();
        }

        if (user.Role == AccountRole.Owner && users.Count(u => u.Role == AccountRole.Owner) == 1)
        {
            return new UserChange.LastOwner();
        }

        var entry = await activity.StartAsync(accountId, ActivityEntry.ServiceActor, "UserRemoved", $"{user.Email} ({user.Role}) and their keys", cancellationToken);
        await store.RemoveUserAsync(accountId, user.Email, cancellationToken);
        await activity.CompleteAsync(entry, ActivityEntry.Done, cancellationToken);
        return new UserChange.Removed();
    }
}
