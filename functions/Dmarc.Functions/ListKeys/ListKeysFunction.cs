using System.Security.Claims;
using Dmarc.Core.Accounts;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListKeys;

/// <summary>GET /api/accounts/{accountId}/keys (an owner): the account's API keys by id, user, role and issue time; never a key.</summary>
public static class ListKeysFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/accounts/{accountId}/keys", async Task<Results<Ok<IReadOnlyList<ApiKeyInfo>>, ProblemHttpResult>> (
                string accountId, ClaimsPrincipal caller, AccountKeysService keys, CancellationToken cancellationToken) =>
                AccountScope.DenyUnlessOwner(caller, accountId) is { } denied ? denied : TypedResults.Ok(await keys.ListAsync(accountId, cancellationToken)))
            .WithName("ListKeys")
            .WithSummary("List the account's API keys")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
