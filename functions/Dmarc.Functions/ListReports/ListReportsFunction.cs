using System.Security.Claims;
using Dmarc.Core.Reports;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListReports;

/// <summary>GET /api/reports?domain=&amp;from=&amp;to=&amp;pageSize=&amp;continuation=: the caller's account's reports, a page at a time.</summary>
public static class ListReportsFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/reports", async Task<Results<Ok<ReportPage>, ValidationProblem, ProblemHttpResult>> (
                string? domain, DateTimeOffset? from, DateTimeOffset? to, int? pageSize, string? continuation, ClaimsPrincipal caller, IReportStore reports, CancellationToken cancellationToken) =>
            {
                if (caller.FindFirstValue(CallerClaims.AccountId) is not { } accountId)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Account key needed", detail: "Reports are listed for the account of the key; administrators use /api/unclaimed.");
                }

                var errors = ReportListing.Check(reports, domain, from, to, pageSize, continuation);
                return errors.IsEmpty
                    ? TypedResults.Ok(await ReportListing.PageAsync(reports, accountId, domain, from, to, pageSize, continuation, cancellationToken))
                    : ApiProblems.Invalid(errors);
            })
            .WithName("ListReports")
            .WithSummary("List the account's reports")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
