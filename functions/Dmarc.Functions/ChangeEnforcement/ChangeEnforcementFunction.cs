using System.Security.Claims;
using Dmarc.Core.Enforcement;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Validation;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ChangeEnforcement;

/// <summary>POST /api/domains/{domain}/enforcement:pause | :resume | :cancel (an owner). Cancelling leaves the record as it stands.</summary>
public static class ChangeEnforcementFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/domains/{domain}/enforcement:{action}", async Task<Results<Ok<EnforcementView>, ValidationProblem, ProblemHttpResult>> (
                string domain, string action, ClaimsPrincipal caller, IMonitoredDomains monitored, EnforcementService enforcement, CancellationToken cancellationToken) =>
            {
                if (action is not ("pause" or "resume" or "cancel"))
                {
                    return ApiProblems.Invalid(ValidationErrors.Of("action", $"'{action}' is not an action: pause, resume or cancel."));
                }

                var (name, accountId, problem) = await EnforcementScope.ResolveAsync(caller, monitored, domain, change: true, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }

                var outcome = action switch
                {
                    "pause" => await enforcement.PauseAsync(accountId!, name!, cancellationToken),
                    "resume" => await enforcement.ResumeAsync(accountId!, name!, cancellationToken),
                    _ => await enforcement.CancelAsync(accountId!, name!, cancellationToken),
                };
                return outcome is PlanOutcome.Done done ? TypedResults.Ok(done.View) : EnforcementScope.Problem(outcome, domain);
            })
            .WithName("ChangeEnforcement")
            .WithSummary("Pause, resume or cancel a domain's enforcement plan")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
