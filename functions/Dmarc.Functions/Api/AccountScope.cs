using System.Security.Claims;
using Dmarc.Core.Dns;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.Api;

/// <summary>Checks shared by account-scoped endpoints.</summary>
public static class AccountScope
{
    /// <summary>
    /// 404 unless the caller may see the account (another account's id looks exactly like a missing
    /// one); 403 for the admin key, which does not act inside accounts.
    /// </summary>
    public static ProblemHttpResult? Deny(ClaimsPrincipal caller, string accountId) =>
        caller.IsAdmin() ? AdminNotAllowed()
        : caller.CanAccessAccount(accountId) ? null
        : ApiProblems.NotFound("Account", accountId);

    public static ProblemHttpResult AdminNotAllowed() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Not for the admin key",
            detail: "The admin key creates and reads accounts and runs the operator endpoints; acting inside an account needs a key of one of its users.");

    /// <summary>404 for another account, 403 for a member: changes need an owner.</summary>
    public static ProblemHttpResult? DenyUnlessOwner(ClaimsPrincipal caller, string accountId) =>
        Deny(caller, accountId) ?? (caller.IsOwnerOf(accountId)
            ? null
            : TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Owners only",
                detail: "Members can read this account but not change it; ask one of its owners."));

    /// <summary>The account's zone for a change by an owner, or a 404/403 problem.</summary>
    public static Task<(DnsZone? Zone, ProblemHttpResult? Problem)> ZoneAsync(
        ClaimsPrincipal caller, IDnsProvider dns, string accountId, string zone, CancellationToken cancellationToken) =>
        FindZoneAsync(DenyUnlessOwner(caller, accountId), dns, accountId, zone, cancellationToken);

    /// <summary>The account's zone for reading by any of its users, or a 404/403 problem.</summary>
    public static Task<(DnsZone? Zone, ProblemHttpResult? Problem)> ReadableZoneAsync(
        ClaimsPrincipal caller, IDnsProvider dns, string accountId, string zone, CancellationToken cancellationToken) =>
        FindZoneAsync(Deny(caller, accountId), dns, accountId, zone, cancellationToken);

    private static async Task<(DnsZone? Zone, ProblemHttpResult? Problem)> FindZoneAsync(
        ProblemHttpResult? denied, IDnsProvider dns, string accountId, string zone, CancellationToken cancellationToken)
    {
        if (denied is not null)
        {
            return (null, denied);
        }

        var name = DnsNames.Normalize(zone);
        var found = name is null ? null : await dns.GetZoneAsync(accountId, name, cancellationToken);
        return found is null ? (null, ApiProblems.NotFound("Zone", zone)) : (found, null);
    }
}
