using Dmarc.Core.Monitoring;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.ResumeTasks;

/// <summary>Timer trigger (every 5 minutes): re-queues the zones of stalled tasks, or fails them and finishes the task.</summary>
public static class ResumeTasksFunction
{
    public const string Name = "ResumeTasks";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTimer(Name, async (request, services, cancellationToken) =>
        {
            _ = request.DataObject("timer"); // decoding checks the payload is the host's timer shape
            var acted = await services.GetRequiredService<MonitoringTaskService>().ResumeStalledAsync(cancellationToken);
            return InvocationResult.Done($"Stalled tasks acted on: {acted}");
        });
}
