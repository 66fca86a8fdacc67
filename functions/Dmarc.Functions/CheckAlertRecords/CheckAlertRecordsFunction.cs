using Dmarc.Core.Alerts;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.CheckAlertRecords;

/// <summary>Timer trigger (daily, 06:15 UTC): reads the watched DMARC, SPF and DKIM records and fires the record alerts for day-over-day changes.</summary>
public static class CheckAlertRecordsFunction
{
    public const string Name = "CheckAlertRecords";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTimer(Name, async (request, services, cancellationToken) =>
        {
            _ = request.DataObject("timer"); // decoding checks the payload is the host's timer shape
            var run = await services.GetRequiredService<RecordAlerts>().RunAsync(cancellationToken);
            return InvocationResult.Done($"Record alerts fired: {run.Fired}");
        });
}
