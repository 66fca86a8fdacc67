using System.Security.Claims;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.RepairRecord;

/// <summary>
/// POST /api/domains/{domain}/record:repair[?dryRun=true] (an owner of the zone's account): repairs
/// a DMARC record that strict receivers ignore; the dry run shows the text before and after.
/// </summary>
public static class RepairRecordFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/domains/{domain}/record:repair", async Task<Results<Ok<RecordRepair>, ProblemHttpResult>> (
                string domain, bool? dryRun, ClaimsPrincipal caller, RecordRepairService repairs, CancellationToken cancellationToken) =>
            {
                var accountId = caller.FindFirstValue(CallerClaims.AccountId);
                if (accountId is null)
                {
                    return AccountScope.AdminNotAllowed();
                }

                if (AccountScope.DenyUnlessOwner(caller, accountId) is { } denied)
                {
                    return denied;
                }

                return await repairs.RepairAsync(accountId, domain, dryRun ?? false, cancellationToken) switch
                {
                    RepairOutcome.Done done => TypedResults.Ok(done.Repair),
                    RepairOutcome.Refused refused => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not repaired", detail: refused.Reason),
                    _ => ApiProblems.NotFound("Domain", domain),
                };
            })
            .WithName("RepairRecord")
            .WithSummary("Repair a DMARC record that receivers ignore (dry run first)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
