using System.Security.Claims;
using Dmarc.Core.Enforcement;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.StartEnforcement;

/// <summary>
/// POST /api/domains/{domain}/enforcement[?dryRun=true] (an owner): starts the staged plan for a
/// domain whose DMARC record the service writes; the daily AdvanceEnforcement run writes each step.
/// A dry run returns the whole schedule with each record and writes nothing.
/// </summary>
public static class StartEnforcementFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/domains/{domain}/enforcement", async Task<Results<Ok<EnforcementView>, ProblemHttpResult>> (
                string domain, bool? dryRun, ClaimsPrincipal caller, IMonitoredDomains monitored, EnforcementService enforcement, CancellationToken cancellationToken) =>
            {
                var (name, accountId, problem) = await EnforcementScope.ResolveAsync(caller, monitored, domain, change: true, cancellationToken);
                return problem ?? EnforcementScope.Answer(await enforcement.StartAsync(accountId!, name!, caller.Actor(), dryRun ?? false, cancellationToken), domain);
            })
            .WithName("StartEnforcement")
            .WithSummary("Start the staged move to p=quarantine then p=reject (dryRun=true: the schedule, nothing written)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
