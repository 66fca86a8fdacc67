using System.Security.Claims;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.EnableMonitoring;

/// <summary>
/// POST /api/accounts/{accountId}/monitoring:enable[?dryRun=true]: starts enablement over every
/// zone of the account; 202 with the task, 409 while another task runs.
/// </summary>
public static class EnableMonitoringFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/accounts/{accountId}/monitoring:enable", async Task<Results<Accepted<TaskAccepted>, ValidationProblem, ProblemHttpResult>> (
                string accountId, bool? dryRun, ClaimsPrincipal caller, MonitoringTaskService tasks, CancellationToken cancellationToken) =>
                AccountScope.DenyUnlessOwner(caller, accountId) is { } denied
                    ? denied
                    : TaskResponses.Started(await tasks.StartAsync(accountId, TaskKind.Enable, dryRun ?? false, null, cancellationToken)))
            .WithName("EnableMonitoring")
            .WithSummary("Enable DMARC monitoring on every zone of the account")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
