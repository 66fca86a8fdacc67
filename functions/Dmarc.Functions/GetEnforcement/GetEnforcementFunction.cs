using System.Security.Claims;
using Dmarc.Core.Enforcement;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.GetEnforcement;

/// <summary>GET /api/domains/{domain}/enforcement: readiness for quarantine and reject with every reason, the plan if one exists, and the schedule ahead.</summary>
public static class GetEnforcementFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/domains/{domain}/enforcement", async Task<Results<Ok<EnforcementView>, ProblemHttpResult>> (
                string domain, ClaimsPrincipal caller, IMonitoredDomains monitored, EnforcementService enforcement, CancellationToken cancellationToken) =>
            {
                var (name, accountId, problem) = await EnforcementScope.ResolveAsync(caller, monitored, domain, change: false, cancellationToken);
                return problem ?? EnforcementScope.Answer(await enforcement.GetAsync(accountId!, name!, cancellationToken), domain);
            })
            .WithName("GetEnforcement")
            .WithSummary("Readiness for p=quarantine and p=reject (every reason with its numbers), the staged plan and its schedule")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
