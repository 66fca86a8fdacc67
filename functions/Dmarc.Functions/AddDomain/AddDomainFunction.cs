using System.Security.Claims;
using Dmarc.Core.Onboarding;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.AddDomain;

/// <summary>
/// POST /api/accounts/{accountId}/domains (an owner): 201 for a domain at or below one of the
/// account's zones (the owners get "New Domain Added"); 202 with a TXT challenge for any other
/// domain, which POST .../domains/{domain}:verify then claims.
/// </summary>
public static class AddDomainFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/accounts/{accountId}/domains", async Task<Results<Created, Ok, Accepted<DomainClaimResponses.DomainChallengeResponse>, ValidationProblem, ProblemHttpResult>> (
                string accountId, NewDomain request, ClaimsPrincipal caller, AccountDomainsService domains, CancellationToken cancellationToken) =>
                AccountScope.DenyUnlessOwner(caller, accountId) is { } denied
                    ? denied
                    : DomainClaimResponses.Map(accountId, await domains.AddAsync(accountId, request.Domain, cancellationToken)))
            .WithName("AddDomain")
            .WithSummary("Add a domain to the account")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}

public sealed record NewDomain(string? Domain);
