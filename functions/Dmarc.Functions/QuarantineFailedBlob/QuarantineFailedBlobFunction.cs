using Dmarc.Adapters.Storage;
using Dmarc.Core.Reports;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.QuarantineFailedBlob;

/// <summary>
/// Queue trigger on webjobs-blobtrigger-poison, where the Functions host names a blob whose
/// function failed every attempt (the blob itself stays where it was). An inbound document named
/// there is moved to quarantine with the reason, so the quarantine API lists it and can retry it:
/// nothing a sender sent is lost silently.
/// </summary>
public static partial class QuarantineFailedBlobFunction
{
    public const string Name = "QuarantineFailedBlob";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTrigger(Name, async (request, services, cancellationToken) =>
        {
            var message = request.DataJson<BlobTriggerPoisonMessage>(
                "message", "a blob trigger poison message", m => m is { ContainerName.Length: > 0, BlobName.Length: > 0 });
            var inbound = services.GetRequiredService<StorageNames>().Container(StorageNames.Inbound);
            if (message.ContainerName != inbound)
            {
                return InvocationResult.Done($"{message.ContainerName}/{message.BlobName} is not an inbound document; left alone");
            }

            var reason = $"{message.FunctionId} failed on every attempt (the Functions host gave up on this blob); the app log has each attempt's error.";
            var quarantined = await services.GetRequiredService<ReportIngestion>().QuarantineGivenUpAsync(message.BlobName, reason, cancellationToken);
            if (quarantined is null)
            {
                LogGone(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(QuarantineFailedBlobFunction)), message.BlobName);
                return InvocationResult.Done($"{message.BlobName} was no longer in inbound");
            }

            return InvocationResult.Done($"{message.BlobName} quarantined as {quarantined.Id}");
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "QuarantineFailedBlob: {Name} was named on the blob poison queue but is no longer in inbound")]
    private static partial void LogGone(ILogger logger, string name);
}
