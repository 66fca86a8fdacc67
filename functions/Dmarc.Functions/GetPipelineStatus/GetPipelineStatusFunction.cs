using Dmarc.Core.Operations;
using Dmarc.Functions.Api;
using Dmarc.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.GetPipelineStatus;

/// <summary>
/// GET /api/operator/status (administrators): each queue's depth, oldest message and poison count; the
/// inbound backlog; quarantine by kind of reason; each timer's last run, outcome, duration and next
/// run; the outbox backlog; storage reachability. Figures whose storage cannot be reached are null.
/// </summary>
public static class GetPipelineStatusFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/operator/status", async Task<Ok<PipelineStatus>> (PipelineStatusService status, IServiceProvider services, CancellationToken cancellationToken) =>
                TypedResults.Ok(await status.ReadAsync(TimerEndpoints.Schedules(services), cancellationToken)))
            .WithName("GetPipelineStatus")
            .WithSummary("Pipeline status: queues, inbound backlog, quarantine, timers, outbox, storage (admin key)")
            .RequireAuthorization(CallerClaims.AdminPolicy);
}
