using System.Security.Claims;
using Dmarc.Core.Dns;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListRecordSets;

/// <summary>
/// GET /api/accounts/{accountId}/zones/{zone}/records (owners and members): every record set of one
/// of the account's zones, by name then type, so a caller can see what enable and disable changed.
/// </summary>
public static class ListRecordSetsFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/accounts/{accountId}/zones/{zone}/records", async Task<Results<Ok<IReadOnlyList<RecordSet>>, ProblemHttpResult>> (
                string accountId, string zone, ClaimsPrincipal caller, IDnsProvider dns, CancellationToken cancellationToken) =>
            {
                var (found, problem) = await AccountScope.ReadableZoneAsync(caller, dns, accountId, zone, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }

                return TypedResults.Ok(await dns.ListRecordSetsAsync(found!.Name, cancellationToken));
            })
            .WithName("ListRecordSets")
            .WithSummary("List every record set of a zone (members may read)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
