using System.Text.Json;
using Azure.Storage.Queues;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Senders;

namespace Dmarc.Adapters.Senders;

/// <summary>Sends <see cref="SenderLookupBatch"/>es to the <c>sender-lookups</c> queue, one JSON message each.</summary>
public sealed class QueueSenderLookupDispatcher(QueueServiceClient queues, StorageNames names) : ISenderLookupDispatcher
{
    private const int Parallelism = 16;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly QueueClient _queue = queues.GetQueueClient(names.Queue(StorageNames.SenderLookups));

    public Task EnqueueAsync(IReadOnlyList<SenderLookupBatch> batches, CancellationToken cancellationToken = default) =>
        Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (batch, ct) => await _queue.SendMessageAsync(JsonSerializer.Serialize(batch, Json), ct));
}
