using System.Security.Claims;
using Dmarc.Core.Domains;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListDomainStatuses;

/// <summary>
/// GET /api/domains (any user of the caller's account): every domain of the account with its status
/// from DNS, policy, enforcement, sending state and reporting state.
/// </summary>
public static class ListDomainStatusesFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/domains", async Task<Results<Ok<IReadOnlyList<DomainOverview>>, ProblemHttpResult>> (
                ClaimsPrincipal caller, DomainStatusService statuses, CancellationToken cancellationToken) =>
                caller.FindFirstValue(CallerClaims.AccountId) is not { } accountId ? AccountScope.AdminNotAllowed()
                : AccountScope.Deny(caller, accountId) is { } denied ? denied
                : TypedResults.Ok(await statuses.ListAsync(accountId, cancellationToken)))
            .WithName("ListDomainStatuses")
            .WithSummary("List the account's domains with their DNS status, policy and reporting state")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
