using Dmarc.Core.Reports;
using Dmarc.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.IngestReport;

/// <summary>
/// Blob trigger on inbound/{name}. The host has read the blob already and sends its bytes in Data
/// (base64, <c>dataType: binary</c>): that content is ingested, so no blob is read twice. A body
/// over the size limit is not read: the document is quarantined with the reason. Without content
/// (a run on demand with only a name) the blob is read by name; a blob that is gone is logged as a
/// warning. A storage failure fails the invocation, so the host tries the blob again.
/// </summary>
public static partial class IngestReportFunction
{
    public const string Name = "IngestReport";
    public const string ContentBinding = "report";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTrigger(Name, async (request, services, cancellationToken) =>
        {
            var name = request.MetadataString("name")
                ?? throw new HostPayloadException("The trigger metadata has no blob 'name'.");
            var ingestion = services.GetRequiredService<ReportIngestion>();
            var content = request.DataOmitted ? null : request.DataBytes(ContentBinding);
            var outcome = request.DataOmitted || content is not null
                ? await ingestion.IngestAsync(name, new InboundContent(content?.LongLength ?? SizeOf(request), content), cancellationToken)
                : await ingestion.IngestAsync(name, cancellationToken);
            if (outcome is null)
            {
                LogGone(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IngestReportFunction)), name);
                return InvocationResult.Done($"{name} was gone before it was read: nothing ingested");
            }

            return InvocationResult.Done(
                $"{name}: {outcome.Receipt.Size} bytes, {outcome.Receipt.Format}",
                outcome.Quarantined is { } q ? $"quarantined: {q.Reason}" : $"reports: {outcome.Reports.Count}");
        }, MaxBodyBytes);

    /// <summary>The compressed-size limit in base64, plus room for the envelope and metadata.</summary>
    public static long MaxBodyBytes(IServiceProvider services) =>
        (services.GetRequiredService<IOptions<ReportLimits>>().Value.MaxCompressedBytes + 2) / 3 * 4 + TriggerEndpoints.DefaultMaxBodyBytes;

    /// <summary>The blob's size from its Properties, else estimated from the base64 body.</summary>
    private static long SizeOf(InvocationRequest request) =>
        request.MetadataObject("Properties") is { } properties
        && properties.TryGetProperty("ContentLength", out var length) && length.TryGetInt64(out var size)
            ? size
            : request.BodyBytes / 4 * 3;

    [LoggerMessage(Level = LogLevel.Warning, Message = "IngestReport: blob {Name} was gone before it was read; nothing was ingested")]
    private static partial void LogGone(ILogger logger, string name);
}
