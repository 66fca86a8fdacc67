using System.Text.Json;
using Dmarc.Core.Reports.Reprocessing;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.ReprocessArchive;

/// <summary>Queue trigger on reprocess: one archive page of a reprocess task, then the next page queued.</summary>
public static class ReprocessArchiveFunction
{
    public const string Name = "ReprocessArchive";
    public const string MessageBinding = "item";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTrigger(Name, async (request, services, cancellationToken) =>
        {
            var step = request.DataJson<ReprocessStep>(
                MessageBinding,
                "a reprocess step (taskId is required)",
                s => s is { TaskId.Length: > 0 },
                Json);
            return InvocationResult.Done(await services.GetRequiredService<ReprocessService>().StepAsync(step, cancellationToken));
        }, queueTrigger: (Adapters.Storage.StorageNames.Reprocess, MessageBinding));
}
