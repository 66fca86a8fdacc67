using System.Security.Claims;
using Dmarc.Core.ExecutiveReports;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListExecutiveReports;

/// <summary>GET /api/accounts/{accountId}/executive-reports: the stored weekly and monthly reports, newest period first.</summary>
public static class ListExecutiveReportsFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/accounts/{accountId}/executive-reports", async Task<Results<Ok<IReadOnlyList<StoredExecutiveReport>>, ProblemHttpResult>> (
                string accountId, ClaimsPrincipal caller, IExecutiveReportArchive archive, CancellationToken cancellationToken) =>
                AccountScope.Deny(caller, accountId) is { } denied ? denied : TypedResults.Ok(await archive.ListAsync(accountId, cancellationToken)))
            .WithName("ListExecutiveReports")
            .WithSummary("List the account's executive reports")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
