using System.Security.Claims;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.DisableMonitoring;

/// <summary>
/// POST /api/accounts/{accountId}/monitoring:disable[?dryRun=true]: disables monitoring for the
/// listed domains (body <c>{"domains": [...]}</c>) or, without a body, for every zone of the account.
/// </summary>
public static class DisableMonitoringFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/accounts/{accountId}/monitoring:disable", async Task<Results<Accepted<TaskAccepted>, ValidationProblem, ProblemHttpResult>> (
                string accountId, bool? dryRun, DisableRequest? body, ClaimsPrincipal caller, MonitoringTaskService tasks, CancellationToken cancellationToken) =>
            {
                if (AccountScope.DenyUnlessOwner(caller, accountId) is { } denied)
                {
                    return denied;
                }

                if (body?.Domains is { Count: 0 })
                {
                    return ApiProblems.Invalid(Core.Validation.ValidationErrors.Of("domains", "List at least one domain, or send no body to disable every zone of the account."));
                }

                var bad = body?.Domains?.ToList().FindIndex(d => !Core.Dns.DnsNames.IsDomain(d)) ?? -1;
                if (bad >= 0)
                {
                    return ApiProblems.Invalid(Core.Validation.ValidationErrors.Of($"domains[{bad}]", ApiProblems.NotADomain(body!.Domains![bad])));
                }

                return TaskResponses.Started(await tasks.StartAsync(accountId, TaskKind.Disable, dryRun ?? false, body?.Domains, cancellationToken));
            })
            .WithName("DisableMonitoring")
            .WithSummary("Disable DMARC monitoring on listed or all zones")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}

public sealed record DisableRequest(IReadOnlyList<string>? Domains);
