using System.Security.Claims;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Onboarding;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListDomains;

/// <summary>GET /api/accounts/{accountId}/domains: the domains whose reports route to the account.</summary>
public static class ListDomainsFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/accounts/{accountId}/domains", async Task<Results<Ok<IReadOnlyList<MonitoredDomain>>, ProblemHttpResult>> (
                string accountId, ClaimsPrincipal caller, AccountDomainsService domains, CancellationToken cancellationToken) =>
                AccountScope.Deny(caller, accountId) is { } denied ? denied : TypedResults.Ok(await domains.ListAsync(accountId, cancellationToken)))
            .WithName("ListDomains")
            .WithSummary("List the domains whose reports route to the account")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
