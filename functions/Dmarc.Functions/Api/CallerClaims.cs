using System.Security.Claims;

namespace Dmarc.Functions.Api;

/// <summary>Who the caller is: the administrator, or one account.</summary>
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

    /// <summary>True when the caller may change the account: one of its owners, or the administrator.</summary>
    public static bool IsOwnerOf(this ClaimsPrincipal user, string accountId)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsAdmin() || (user.CanAccessAccount(accountId) && user.FindFirstValue(AccountRole) == nameof(Core.Accounts.AccountRole.Owner));
    }

    /// <summary>True when the caller may see the account: its own, or any for the administrator.</summary>
    public static bool CanAccessAccount(this ClaimsPrincipal user, string accountId)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsAdmin() || string.Equals(user.FindFirstValue(AccountId), accountId, StringComparison.Ordinal);
    }
}
