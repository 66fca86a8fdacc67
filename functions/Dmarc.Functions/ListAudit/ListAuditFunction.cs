using System.Security.Claims;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListAudit;

/// <summary>GET /api/accounts/{accountId}/audit[?max=]: every DNS change made for the account, newest first.</summary>
public static class ListAuditFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/accounts/{accountId}/audit", async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult>> (
                string accountId, int? max, ClaimsPrincipal caller, IAuditLog audit, CancellationToken cancellationToken) =>
                AccountScope.Deny(caller, accountId) is { } denied
                    ? denied
                    : TypedResults.Ok(await audit.ListAsync(accountId, max ?? 100, cancellationToken)))
            .WithMaxParameter(1000)
            .WithName("ListAudit")
            .WithSummary("List the account's DNS changes")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
