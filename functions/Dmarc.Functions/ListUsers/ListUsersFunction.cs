using System.Security.Claims;
using Dmarc.Core.Accounts;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListUsers;

/// <summary>GET /api/accounts/{accountId}/users: the account's owners and members.</summary>
public static class ListUsersFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/accounts/{accountId}/users", async Task<Results<Ok<IReadOnlyList<AccountUser>>, ProblemHttpResult>> (
                string accountId, ClaimsPrincipal caller, AccountUsersService users, CancellationToken cancellationToken) =>
                AccountScope.Deny(caller, accountId) is { } denied ? denied : TypedResults.Ok(await users.ListAsync(accountId, cancellationToken)))
            .WithName("ListUsers")
            .WithSummary("List the account's users")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
