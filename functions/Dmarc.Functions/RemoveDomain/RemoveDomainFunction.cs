using System.Security.Claims;
using Dmarc.Core.Onboarding;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.RemoveDomain;

/// <summary>DELETE /api/accounts/{accountId}/domains/{domain} (an owner): the domain's reports no longer route to the account.</summary>
public static class RemoveDomainFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/accounts/{accountId}/domains/{domain}", async Task<Results<NoContent, ProblemHttpResult>> (
                string accountId, string domain, ClaimsPrincipal caller, AccountDomainsService domains, CancellationToken cancellationToken) =>
            {
                if (AccountScope.DenyUnlessOwner(caller, accountId) is { } denied)
                {
                    return denied;
                }

                return await domains.RemoveAsync(accountId, domain, cancellationToken) == DomainChange.Removed
                    ? TypedResults.NoContent()
                    : ApiProblems.NotFound("Domain", domain);
            })
            .WithName("RemoveDomain")
            .WithSummary("Remove a domain from the account")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
