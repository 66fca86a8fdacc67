using System.Security.Claims;
using Dmarc.Core.ExecutiveReports;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.GetExecutiveReport;

/// <summary>GET /api/accounts/{accountId}/executive-reports/{reportId}: the stored report as an HTML page (charts embedded).</summary>
public static class GetExecutiveReportFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/accounts/{accountId}/executive-reports/{reportId}", async Task<Results<ContentHttpResult, ProblemHttpResult>> (
                string accountId, string reportId, ClaimsPrincipal caller, IExecutiveReportArchive archive, CancellationToken cancellationToken) =>
            {
                if (AccountScope.Deny(caller, accountId) is { } denied)
                {
                    return denied;
                }

                return await archive.GetHtmlAsync(accountId, reportId, cancellationToken) is { } html
                    ? TypedResults.Content(html, "text/html; charset=utf-8")
                    : ApiProblems.NotFound("Executive report", reportId);
            })
            .WithName("GetExecutiveReport")
            .WithSummary("Read one executive report as an HTML page")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
