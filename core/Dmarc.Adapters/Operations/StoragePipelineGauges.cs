using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Dmarc.Adapters.Email;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Operations;
using Dmarc.Core.Reports;

namespace Dmarc.Adapters.Operations;

/// <summary>
/// The pipeline's figures, read from the stores: each queue's approximate count (Get Queue
/// Metadata) and its oldest message (Peek), the same for its <c>-poison</c> queue; the blobs
/// in inbound; the quarantine index; the outbox blobs still marked pending.
/// </summary>
public sealed class StoragePipelineGauges(QueueServiceClient queues, BlobServiceClient blobs, IDocumentStore documents, StorageNames names) : IPipelineGauges
{
    public const string PoisonSuffix = "-poison";

    public async Task<IReadOnlyList<QueueStatus>> QueuesAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var list = new List<QueueStatus>();
        foreach (var name in StorageNames.BaseQueues)
        {
            var (depth, oldest) = await GaugeAsync(queues.GetQueueClient(names.Queue(name)), cancellationToken);
            var (poison, _) = await GaugeAsync(queues.GetQueueClient(names.Queue(name) + PoisonSuffix), cancellationToken);
            list.Add(new QueueStatus(name, depth, oldest is { } at ? now - at : null, poison));
        }

        return list;
    }

    public async Task<InboundBacklog> InboundAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        long count = 0;
        DateTimeOffset? oldest = null;
        await foreach (var blob in blobs.GetBlobContainerClient(names.Container(StorageNames.Inbound)).GetBlobsAsync(cancellationToken: cancellationToken))
        {
            count++;
            oldest = Earlier(oldest, blob.Properties.CreatedOn);
        }

        return new InboundBacklog(count, oldest is { } at ? now - at : null);
    }

    public async Task<QuarantineSummary> QuarantineAsync(CancellationToken cancellationToken = default)
    {
        var counts = await documents.CountQuarantineAsync(cancellationToken);
        return new QuarantineSummary(counts.Values.Sum(), counts.Select(c => new QuarantineCount(c.Key, c.Value)).OrderBy(c => c.Kind).ToArray());
    }

    public async Task<OutboxBacklog> OutboxAsync(CancellationToken cancellationToken = default)
    {
        long unsent = 0;
        DateTimeOffset? oldest = null;
        var outbox = blobs.GetBlobContainerClient(names.Container(StorageNames.Outbox));
        await foreach (var blob in outbox.GetBlobsAsync(new GetBlobsOptions { Prefix = BlobEmailOutbox.Prefix, Traits = BlobTraits.Metadata }, cancellationToken))
        {
            if (blob.Metadata.TryGetValue(BlobEmailOutbox.StatusKey, out var status) && status == BlobEmailOutbox.Pending)
            {
                unsent++;
                oldest = Earlier(oldest, blob.Properties.CreatedOn);
            }
        }

        return new OutboxBacklog(unsent, oldest);
    }

    private static async Task<(long Depth, DateTimeOffset? Oldest)> GaugeAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await queue.GetPropertiesAsync(cancellationToken);
            var depth = properties.Value.ApproximateMessagesCountLong;
            if (depth == 0)
            {
                return (0, null);
            }

            var peeked = await queue.PeekMessagesAsync(1, cancellationToken);
            return (depth, peeked.Value.FirstOrDefault()?.InsertedOn);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // A poison queue exists only once the host has moved a message to it.
            return (0, null);
        }
    }

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
