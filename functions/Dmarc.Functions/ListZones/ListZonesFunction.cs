using System.Security.Claims;
using Dmarc.Core.Dns;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListZones;

/// <summary>GET /api/accounts/{accountId}/zones: the account's zones with kind and DNSSEC state.</summary>
public static class ListZonesFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/accounts/{accountId}/zones", async Task<Results<Ok<IReadOnlyList<DnsZone>>, ProblemHttpResult>> (
                string accountId, ClaimsPrincipal caller, IDnsProvider dns, CancellationToken cancellationToken) =>
                AccountScope.Deny(caller, accountId) is { } denied
                    ? denied
                    : TypedResults.Ok(await dns.ListZonesAsync(accountId, cancellationToken)))
            .WithName("ListZones")
            .WithSummary("List the account's zones")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
