using System.Text.Json;
using Dmarc.Core.Rollup;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.RollupTimer;

/// <summary>Timer trigger (hourly): runs the rollup and records the run.</summary>
public static class RollupTimerFunction
{
    public const string Name = "RollupTimer";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTrigger(Name, async (request, services, cancellationToken) =>
        {
            var run = await services.GetRequiredService<RollupService>().RunAsync(IsPastDue(request), cancellationToken);
            return InvocationResult.Done($"Rollup ran at {run.RanAt:O}");
        });

    private static bool IsPastDue(InvocationRequest request) =>
        request.DataObject("timer") is { } timer
        && timer.TryGetProperty("IsPastDue", out var pastDue)
        && pastDue.ValueKind == JsonValueKind.True;
}
