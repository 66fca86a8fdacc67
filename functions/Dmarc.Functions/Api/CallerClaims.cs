using System.Security.Claims;

namespace Dmarc.Functions.Api;

/// <summary>
/// Who the caller is: the administrator, or one user of one account. The admin key creates and
/// reads accounts and runs the operator endpoints; it cannot read or change what is inside an
/// account (zones, records, domains, users, keys, reports, tasks): that needs the account's own key.
/// </summary>
public static class CallerClaims
{
    public const string AccountId = "account_id";
    public const string AccountRole = "account_role";
    public const string AdminRole = "admin";
    public const string AdminPolicy = "Admin";
    public const string CallerPolicy = "Caller";

    public static bool IsAdmin(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(AdminRole);
    }

    /// <summary>True when the caller may change the account: one of its owners (never the admin key).</summary>
    public static bool IsOwnerOf(this ClaimsPrincipal user, string accountId)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.CanAccessAccount(accountId) && user.FindFirstValue(AccountRole) == nameof(Core.Accounts.AccountRole.Owner);
    }

    /// <summary>True when the caller holds a key of the account. The admin key holds none: it acts on no account's data.</summary>
    public static bool CanAccessAccount(this ClaimsPrincipal user, string accountId)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.IsAdmin() && string.Equals(user.FindFirstValue(AccountId), accountId, StringComparison.Ordinal);
    }

    /// <summary>True when the caller may read the account record itself: its own users, or the admin key (which creates accounts).</summary>
    public static bool CanReadAccount(this ClaimsPrincipal user, string accountId) =>
        user.IsAdmin() || user.CanAccessAccount(accountId);

    /// <summary>Who the caller is, for the activity log: "admin", or the user's address and role.</summary>
    public static string Actor(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsAdmin() ? Core.Audit.ActivityEntry.AdminActor : $"{user.FindFirstValue(ClaimTypes.Email)} ({user.FindFirstValue(AccountRole)})";
    }
}
