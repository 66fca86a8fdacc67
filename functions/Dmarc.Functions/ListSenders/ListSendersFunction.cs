using System.Security.Claims;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Senders;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListSenders;

/// <summary>GET /api/domains/{domain}/senders?days=30[&amp;to=yyyy-MM-dd]: services, forwarders, hosted servers and unidentified traffic of a domain.</summary>
public static class ListSendersFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/domains/{domain}/senders", async Task<Results<Ok<DomainSenders>, ValidationProblem, ProblemHttpResult>> (
                string domain, int? days, DateOnly? to, ClaimsPrincipal caller, IMonitoredDomains monitored, DomainSendersService senders, CancellationToken cancellationToken) =>
            {
                if (DomainSendersScope.InvalidDays(days) is { } invalid)
                {
                    return invalid;
                }

                var (name, problem) = await DomainSendersScope.DomainAsync(caller, monitored, domain, change: false, cancellationToken);
                return problem ?? (Results<Ok<DomainSenders>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(
                    await senders.ListAsync(name!, days ?? DomainSendersService.DefaultDays, to, cancellationToken));
            })
            .WithName("ListSenders")
            .WithSummary("List who sends as a domain: services, forwarders, hosted servers and unidentified traffic, with volumes and pass rates")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
