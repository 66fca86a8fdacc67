using System.Security.Claims;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.DisableDomainMonitoring;

/// <summary>POST /api/domains/{domain}/monitoring:disable[?dryRun=true]: disables one domain of the caller's account, as a task.</summary>
public static class DisableDomainMonitoringFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/domains/{domain}/monitoring:disable", async Task<Results<Accepted<TaskAccepted>, ValidationProblem, ProblemHttpResult>> (
                string domain, bool? dryRun, ClaimsPrincipal caller, IMonitoredDomains monitored, MonitoringTaskService tasks, CancellationToken cancellationToken) =>
            {
                var name = DnsNames.Normalize(domain);
                var owner = name is null ? null : await monitored.GetAsync(name, cancellationToken);
                var accountId = owner?.AccountId ?? caller.FindFirstValue(CallerClaims.AccountId);
                if (name is null || accountId is null || !caller.CanAccessAccount(accountId))
                {
                    return ApiProblems.NotFound("Domain", domain);
                }

                if (AccountScope.DenyUnlessOwner(caller, accountId) is { } notOwner)
                {
                    return notOwner;
                }

                var started = await tasks.StartAsync(accountId, TaskKind.Disable, dryRun ?? false, [name], cancellationToken);
                return started is StartTaskResult.UnknownDomains ? ApiProblems.NotFound("Domain", domain) : TaskResponses.Started(started);
            })
            .WithName("DisableDomainMonitoring")
            .WithSummary("Disable DMARC monitoring on one domain")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
