using Dmarc.Core.Reports;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.IngestReport;

/// <summary>
/// Blob trigger on inbound/{name}. Reads the blob itself by the name in Metadata (never from Data,
/// which the host would hand over as mangled text) once, and ingests it. A
/// storage failure fails the invocation, so the host (or local runner) tries the blob again.
/// </summary>
public static class IngestReportFunction
{
    public const string Name = "IngestReport";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTrigger(Name, async (request, services, cancellationToken) =>
        {
            var name = request.MetadataString("name")
                ?? throw new InvalidOperationException("The trigger metadata has no blob 'name'.");
            var outcome = await services.GetRequiredService<ReportIngestion>().IngestAsync(name, cancellationToken);
            return outcome is null
                ? InvocationResult.Done($"{name} is gone")
                : InvocationResult.Done(
                    $"{name}: {outcome.Receipt.Size} bytes, {outcome.Receipt.Format}",
                    outcome.Quarantined is { } q ? $"quarantined: {q.Reason}" : $"reports: {outcome.Reports.Count}");
        });
}
