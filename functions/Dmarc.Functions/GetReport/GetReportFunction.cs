using System.Security.Claims;
using Dmarc.Core.Reports;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.GetReport;

/// <summary>GET /api/reports/{id}: one normalised report with its records (the caller's account, or unclaimed for administrators).</summary>
public static class GetReportFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/reports/{id}", async Task<Results<Ok<AggregateReport>, ProblemHttpResult>> (
                string id, ClaimsPrincipal caller, IReportStore reports, CancellationToken cancellationToken) =>
            {
                var accountId = caller.IsAdmin() ? StoredReport.Unclaimed : caller.FindFirstValue(CallerClaims.AccountId);
                var stored = accountId is null ? null : await reports.GetAsync(accountId, id, cancellationToken);
                return stored is null ? ApiProblems.NotFound("Report", id) : TypedResults.Ok(stored.Report);
            })
            .WithName("GetReport")
            .WithSummary("Read one report with its records")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
