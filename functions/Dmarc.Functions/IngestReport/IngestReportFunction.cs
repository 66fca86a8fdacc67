using Dmarc.Core.Ingestion;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.IngestReport;

/// <summary>
/// Blob trigger on inbound/{name}. Reads the blob itself by the name in Metadata (never from Data,
/// which the host would hand over as mangled text) and records what it is.
/// </summary>
public static class IngestReportFunction
{
    public const string Name = "IngestReport";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTrigger(Name, async (request, services, cancellationToken) =>
        {
            var name = request.MetadataString("name")
                ?? throw new InvalidOperationException("The trigger metadata has no blob 'name'.");
            var receipt = await services.GetRequiredService<InboundIngestion>().IngestAsync(name, cancellationToken);
            return InvocationResult.Done(receipt is null
                ? $"{name} is gone"
                : $"{name}: {receipt.Size} bytes, {receipt.Format}");
        });
}
