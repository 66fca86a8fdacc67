using System.Security.Claims;
using Dmarc.Core.Alerts;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.DeleteAlert;

/// <summary>DELETE /api/alerts/{alertId} (an owner): ends a subscription; another account's id is 404 like a missing one.</summary>
public static class DeleteAlertFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/alerts/{alertId}", async Task<Results<NoContent, ProblemHttpResult>> (
                string alertId, ClaimsPrincipal caller, AlertSubscriptionService alerts, CancellationToken cancellationToken) =>
            {
                var (accountId, problem) = AlertResponses.Account(caller, change: true);
                if (problem is not null)
                {
                    return problem;
                }

                return await alerts.DeleteAsync(accountId!, alertId, cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound("Alert", alertId);
            })
            .WithName("DeleteAlert")
            .WithSummary("End an alert subscription")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
