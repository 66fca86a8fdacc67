using System.Security.Claims;
using Dmarc.Core.Accounts;
using Dmarc.Functions.Api;
using Dmarc.Functions.IssueKey;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.RotateKey;

/// <summary>POST /api/accounts/{accountId}/keys/{keyId}:rotate (an owner): a new key for the same user and role, then the old one revoked.</summary>
public static class RotateKeyFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/accounts/{accountId}/keys/{keyId}:rotate", async Task<Results<Created<IssuedKey>, ValidationProblem, ProblemHttpResult>> (
                string accountId, string keyId, ClaimsPrincipal caller, AccountKeysService keys, CancellationToken cancellationToken) =>
                AccountScope.DenyUnlessOwner(caller, accountId) is { } denied
                    ? denied
                    : KeyAnswers.Issued(accountId, await keys.RotateAsync(accountId, keyId, cancellationToken)))
            .WithName("RotateKey")
            .WithSummary("Replace an API key with a new one")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
