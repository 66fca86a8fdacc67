using System.Security.Claims;
using Dmarc.Core.Dns;
using Dmarc.Core.Domains;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.GetDomainStatus;

/// <summary>GET /api/domains/{domain} (any user of the domain's account): one domain as GET /api/domains lists it.</summary>
public static class GetDomainStatusFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/domains/{domain}", async Task<Results<Ok<DomainOverview>, ProblemHttpResult>> (
                string domain, ClaimsPrincipal caller, DomainStatusService statuses, CancellationToken cancellationToken) =>
            {
                if (caller.FindFirstValue(CallerClaims.AccountId) is not { } accountId)
                {
                    return AccountScope.AdminNotAllowed();
                }

                if (AccountScope.Deny(caller, accountId) is { } denied)
                {
                    return denied;
                }

                var found = DnsNames.Normalize(domain) is { } name ? await statuses.GetAsync(accountId, name, cancellationToken) : null;
                return found is null ? ApiProblems.NotFound("Domain", domain) : TypedResults.Ok(found);
            })
            .WithName("GetDomainStatus")
            .WithSummary("Read one domain's DNS status, policy and reporting state")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
