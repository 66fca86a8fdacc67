using System.Security.Claims;
using Dmarc.Core.Alerts;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListAlerts;

/// <summary>GET /api/alerts: the caller's account's subscriptions and the smart alerts its edition sends to its owners.</summary>
public static class ListAlertsFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/alerts", async Task<Results<Ok<AlertsResponse>, ProblemHttpResult>> (
                ClaimsPrincipal caller, AlertSubscriptionService alerts, CancellationToken cancellationToken) =>
            {
                var (accountId, problem) = AlertResponses.Account(caller, change: false);
                if (problem is not null)
                {
                    return problem;
                }

                var smart = await alerts.SmartAlertsAsync(accountId!, cancellationToken);
                return smart is null
                    ? ApiProblems.NotFound("Account", accountId!)
                    : TypedResults.Ok(new AlertsResponse(await alerts.ListAsync(accountId!, cancellationToken), smart));
            })
            .WithName("ListAlerts")
            .WithSummary("List the account's alert subscriptions and smart alerts")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
