using System.Security.Claims;
using Dmarc.Core.Accounts;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.RevokeKey;

/// <summary>DELETE /api/accounts/{accountId}/keys/{keyId} (an owner): the key stops working at once.</summary>
public static class RevokeKeyFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/accounts/{accountId}/keys/{keyId}", async Task<Results<NoContent, ProblemHttpResult>> (
                string accountId, string keyId, ClaimsPrincipal caller, AccountKeysService keys, CancellationToken cancellationToken) =>
            {
                if (AccountScope.DenyUnlessOwner(caller, accountId) is { } denied)
                {
                    return denied;
                }

                return await keys.RevokeAsync(accountId, keyId, cancellationToken) switch
                {
                    KeyChange.Revoked => TypedResults.NoContent(),
                    KeyChange.NotFound n => ApiProblems.NotFound(n.What, n.Id),
                    _ => throw new InvalidOperationException("Unexpected key change."),
                };
            })
            .WithName("RevokeKey")
            .WithSummary("Revoke an API key")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
