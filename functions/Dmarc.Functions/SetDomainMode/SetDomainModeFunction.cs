using System.Security.Claims;
using Dmarc.Core.Domains;
using Dmarc.Core.Validation;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.SetDomainMode;

/// <summary>
/// PUT /api/domains/{domain}/mode {"mode": "Active"|"Blocked", "force": false} (an owner of the
/// domain's account): locks a non-sending domain (Blocked) or unlocks it (Active). For a zone of the
/// account's DNS provider the lock writes DMARC p=reject with sp=reject, SPF -all and a null MX where
/// there is none, and unlocking restores those record sets exactly; for an Active domain the service
/// serves p=reject at its delegated _dmarc. Any other domain, or one with mail, gets 409 with the reason.
/// </summary>
public static class SetDomainModeFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/domains/{domain}/mode", async Task<Results<Ok<DomainOverview>, ValidationProblem, ProblemHttpResult>> (
                string domain, ModeChange request, ClaimsPrincipal caller, DomainModeService modes, CancellationToken cancellationToken) =>
            {
                if (caller.FindFirstValue(CallerClaims.AccountId) is not { } accountId)
                {
                    return AccountScope.AdminNotAllowed();
                }

                if (AccountScope.DenyUnlessOwner(caller, accountId) is { } denied)
                {
                    return denied;
                }

                if (request.Mode is not { } mode || !Enum.IsDefined(mode))
                {
                    return ApiProblems.Invalid(ValidationErrors.Of("mode", "'mode' is required: Active or Blocked."));
                }

                return await modes.SetAsync(accountId, domain, mode, request.Force ?? false, cancellationToken) switch
                {
                    ModeOutcome.Done done => TypedResults.Ok(done.Domain),
                    ModeOutcome.Refused refused => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Mode not changed", detail: refused.Reason),
                    _ => ApiProblems.NotFound("Domain", domain),
                };
            })
            .WithName("SetDomainMode")
            .WithSummary("Lock a non-sending domain (Blocked: DMARC reject, SPF -all, null MX) or unlock it (Active)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}

/// <summary>The mode asked for; <c>force</c> blocks a domain that sent mail in the last 30 days.</summary>
public sealed record ModeChange(DomainMode? Mode, bool? Force = null);
