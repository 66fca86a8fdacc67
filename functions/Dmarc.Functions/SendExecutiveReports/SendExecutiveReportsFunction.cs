using Dmarc.Core.Alerts;
using Dmarc.Core.ExecutiveReports;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.SendExecutiveReports;

/// <summary>
/// Timer trigger (daily, 06:30 UTC, after the night's rollups): the weekly and monthly executive
/// reports of the last complete week and month. An account whose report for the period is stored is
/// done, so the runs between period ends cost one existence check per subscribed account.
/// </summary>
public static class SendExecutiveReportsFunction
{
    public const string Name = "SendExecutiveReports";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTimer(Name, async (request, services, cancellationToken) =>
        {
            _ = request.DataObject("timer"); // decoding checks the payload is the host's timer shape
            var reports = services.GetRequiredService<ExecutiveReportService>();
            var weekly = await reports.ProduceAsync(AlertCadence.Weekly, cancellationToken);
            var monthly = await reports.ProduceAsync(AlertCadence.Monthly, cancellationToken);
            return InvocationResult.Done($"Executive reports produced: {weekly} weekly, {monthly} monthly");
        });
}
