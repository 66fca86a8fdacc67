using System.Security.Claims;
using Dmarc.Core.Accounts;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.RemoveUser;

/// <summary>DELETE /api/accounts/{accountId}/users/{email} (an owner): removes a user and their keys; the last owner stays.</summary>
public static class RemoveUserFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/accounts/{accountId}/users/{email}", async Task<Results<NoContent, ProblemHttpResult>> (
                string accountId, string email, ClaimsPrincipal caller, AccountUsersService users, CancellationToken cancellationToken) =>
            {
                if (AccountScope.DenyUnlessOwner(caller, accountId) is { } denied)
                {
                    return denied;
                }

                return await users.RemoveAsync(accountId, email, cancellationToken) switch
                {
                    UserChange.Removed => TypedResults.NoContent(),
                    UserChange.NotFound => ApiProblems.NotFound("User", email),
                    UserChange.LastOwner => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Last owner",
                        detail: $"{email} is the account's only owner; add another owner before removing them."),
                    _ => throw new InvalidOperationException("Unexpected user change."),
                };
            })
            .WithName("RemoveUser")
            .WithSummary("Remove a user and their keys")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
