using System.Security.Claims;
using Dmarc.Core.Overview;
using Dmarc.Core.Rollup;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.GetOverview;

/// <summary>GET /api/accounts/{accountId}/overview?days=30: the account's mail over the last days, from the rollup.</summary>
public static class GetOverviewFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/accounts/{accountId}/overview", async Task<Results<Ok<AccountOverview>, ValidationProblem, ProblemHttpResult>> (
                string accountId, int? days, ClaimsPrincipal caller, OverviewService overviews, CancellationToken cancellationToken) =>
            {
                if (AccountScope.Deny(caller, accountId) is { } denied)
                {
                    return denied;
                }

                if (DaysParameter.Invalid(days, OverviewService.MaxDays) is { } invalid)
                {
                    return invalid;
                }

                return TypedResults.Ok(await overviews.LastDaysAsync(accountId, days ?? RollupWindow.Days, cancellationToken));
            })
            .WithName("GetOverview")
            .WithSummary("Read the account's authenticated, failing, quarantined and rejected mail per day, each domain's enforcement status and services, and where suspicious mail came from")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
