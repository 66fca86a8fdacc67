using System.Security.Claims;
using Dmarc.Core.Alerts;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.CreateAlert;

/// <summary>POST /api/alerts (an owner): subscribes an address to a configurable alert, gated by the account's edition.</summary>
public static class CreateAlertFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/alerts", async Task<Results<Created<AlertSubscription>, ValidationProblem, ProblemHttpResult>> (
                NewAlertSubscription request, ClaimsPrincipal caller, AlertSubscriptionService alerts, CancellationToken cancellationToken) =>
            {
                var (accountId, problem) = AlertResponses.Account(caller, change: true);
                if (problem is not null)
                {
                    return problem;
                }

                return await alerts.SubscribeAsync(accountId!, request, cancellationToken) switch
                {
                    AlertSubscriptionResult.Created c => TypedResults.Created($"/api/alerts/{c.Subscription.Id}", c.Subscription),
                    AlertSubscriptionResult.Invalid i => ApiProblems.Invalid(i.Errors),
                    AlertSubscriptionResult.NotInEdition n => AlertResponses.NotInEdition(n),
                    AlertSubscriptionResult.UnknownAccount => ApiProblems.NotFound("Account", accountId!),
                    _ => throw new InvalidOperationException("Unexpected subscription result."),
                };
            })
            .WithName("CreateAlert")
            .WithSummary("Subscribe to an alert")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
