using System.Security.Claims;
using Dmarc.Core.Onboarding;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.VerifyDomain;

/// <summary>POST /api/accounts/{accountId}/domains/{domain}:verify (an owner): claims the domain once public DNS serves its TXT challenge.</summary>
public static class VerifyDomainFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/accounts/{accountId}/domains/{domain}:verify", async Task<Results<Created, Ok, Accepted<DomainClaimResponses.DomainChallengeResponse>, ValidationProblem, ProblemHttpResult>> (
                string accountId, string domain, ClaimsPrincipal caller, AccountDomainsService domains, CancellationToken cancellationToken) =>
                AccountScope.DenyUnlessOwner(caller, accountId) is { } denied
                    ? denied
                    : DomainClaimResponses.Map(accountId, await domains.VerifyAsync(accountId, domain, cancellationToken)))
            .WithName("VerifyDomain")
            .WithSummary("Verify a domain's TXT challenge and claim it")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
