using Dmarc.Core.Alerts;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.EvaluateAlerts;

/// <summary>Timer trigger (hourly): delivers pending smart alerts and runs the alert evaluators; twice in an hour, or twice at once, sends nothing twice.</summary>
public static class EvaluateAlertsFunction
{
    public const string Name = "EvaluateAlerts";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTimer(Name, async (request, services, cancellationToken) =>
        {
            _ = request.DataObject("timer"); // decoding checks the payload is the host's timer shape
            var run = await services.GetRequiredService<AlertEvaluation>().RunAsync(cancellationToken);
            return InvocationResult.Done($"Smart alerts replayed: {run.SmartReplayed}; alerts fired: {run.Fired}");
        });
}
