using System.Security.Claims;
using Dmarc.Core.Audit;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListActivity;

/// <summary>GET /api/accounts/{accountId}/activity[?max=] (an owner): user, key and record changes of the account, newest first.</summary>
public static class ListActivityFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/accounts/{accountId}/activity", async Task<Results<Ok<IReadOnlyList<ActivityEntry>>, ProblemHttpResult>> (
                string accountId, int? max, ClaimsPrincipal caller, IActivityLog activity, CancellationToken cancellationToken) =>
                AccountScope.DenyUnlessOwner(caller, accountId) is { } denied
                    ? denied
                    : TypedResults.Ok(await activity.ListAsync(accountId, max ?? 100, cancellationToken)))
            .WithMaxParameter(1000)
            .WithName("ListActivity")
            .WithSummary("List the account's activity log (owners)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
