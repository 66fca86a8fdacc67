using System.Security.Claims;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Rollup;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.GetRates;

/// <summary>GET /api/domains/{domain}/rates?days=30[&amp;to=yyyy-MM-dd]: the domain's messages, DMARC passes and failures per UTC day.</summary>
public static class GetRatesFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/domains/{domain}/rates", async Task<Results<Ok<DomainRates>, ValidationProblem, ProblemHttpResult>> (
                string domain, int? days, DateOnly? to, ClaimsPrincipal caller, IMonitoredDomains monitored, RollupReader rollup, CancellationToken cancellationToken) =>
            {
                if (DomainSendersScope.InvalidDays(days) is { } invalid)
                {
                    return invalid;
                }

                var (name, problem) = await DomainSendersScope.DomainAsync(caller, monitored, domain, change: false, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }

                var end = to ?? rollup.Today;
                var from = end.AddDays(1 - (days ?? RollupWindow.Days));
                return TypedResults.Ok(new DomainRates(name!, from, end, await rollup.SeriesAsync(name!, from, end, cancellationToken)));
            })
            .WithName("GetRates")
            .WithSummary("Read a domain's DMARC pass and fail counts and rates per day, from the hourly rollup")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
