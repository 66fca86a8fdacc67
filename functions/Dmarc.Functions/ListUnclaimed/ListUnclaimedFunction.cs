using Dmarc.Core.Reports;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListUnclaimed;

/// <summary>GET /api/unclaimed (administrators): reports for domains no account monitors.</summary>
public static class ListUnclaimedFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/unclaimed", async Task<Results<Ok<ReportPage>, ValidationProblem>> (
                string? domain, DateTimeOffset? from, DateTimeOffset? to, int? pageSize, string? continuation, IReportStore reports, CancellationToken cancellationToken) =>
                ReportListing.Check(reports, domain, from, to, pageSize, continuation) is { IsEmpty: false } errors
                    ? ApiProblems.Invalid(errors)
                    : TypedResults.Ok(await ReportListing.PageAsync(reports, StoredReport.Unclaimed, domain, from, to, pageSize, continuation, cancellationToken)))
            .WithName("ListUnclaimed")
            .WithSummary("List reports no account claims (admin key)")
            .RequireAuthorization(CallerClaims.AdminPolicy);
}
