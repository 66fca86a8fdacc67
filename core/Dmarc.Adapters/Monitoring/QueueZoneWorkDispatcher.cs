using System.Text.Json;
using Azure.Storage.Queues;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Monitoring;

namespace Dmarc.Adapters.Monitoring;

/// <summary>Fans a task out to the <c>zone-tasks</c> queue, one JSON message per zone.</summary>
public sealed class QueueZoneWorkDispatcher(QueueServiceClient queues, StorageNames names) : IZoneWorkDispatcher
{
    private const int Parallelism = 16;
    private readonly QueueClient _queue = queues.GetQueueClient(names.Queue(StorageNames.ZoneTasks));

    public Task EnqueueAsync(IReadOnlyList<ZoneWorkItem> items, CancellationToken cancellationToken = default) =>
        Parallel.ForEachAsync(
            items,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (item, ct) => await _queue.SendMessageAsync(JsonSerializer.Serialize(item), ct));
}
