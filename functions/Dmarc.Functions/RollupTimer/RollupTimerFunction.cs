using System.Text.Json;
using Dmarc.Core.Rollup;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.RollupTimer;

/// <summary>Timer trigger (hourly): recomputes the daily summaries of the marked (domain, day) pairs and records the run.</summary>
public static class RollupTimerFunction
{
    public const string Name = "RollupTimer";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTimer(Name, async (request, services, cancellationToken) =>
        {
            var outcome = await services.GetRequiredService<RollupService>().RunAsync(IsPastDue(request), cancellationToken);
            return InvocationResult.Done(outcome.Skipped
                ? $"Rollup at {outcome.Run.RanAt:O} skipped: another instance is running it"
                : $"Rollup at {outcome.Run.RanAt:O}: {outcome.Days} daily summaries of {outcome.Domains} domains");
        });

    private static bool IsPastDue(InvocationRequest request) =>
        request.DataObject("timer") is { } timer
        && timer.TryGetProperty("IsPastDue", out var pastDue)
        && pastDue.ValueKind == JsonValueKind.True;
}
