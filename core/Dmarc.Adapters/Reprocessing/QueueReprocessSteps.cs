using System.Text.Json;
using Azure.Storage.Queues;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Reports.Reprocessing;

namespace Dmarc.Adapters.Reprocessing;

/// <summary>Sends <see cref="ReprocessStep"/>s to the <c>reprocess</c> queue, one JSON message each.</summary>
public sealed class QueueReprocessSteps(QueueServiceClient queues, StorageNames names) : IReprocessSteps
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly QueueClient _queue = queues.GetQueueClient(names.Queue(StorageNames.Reprocess));

    public Task EnqueueAsync(ReprocessStep pending, CancellationToken cancellationToken = default) =>
        _queue.SendMessageAsync(JsonSerializer.Serialize(pending, Json), cancellationToken);
}
