using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Dmarc.Adapters.Storage;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.LocalRunner;

/// <summary>
/// Watches a container and delivers each new blob version to its function once, its content in
/// Data as the host sends it (<see cref="Hosting.HostContract"/>). A failed delivery is retried;
/// after host.json's <c>extensions.blobs.poisonBlobThreshold</c> attempts the blob is left in place
/// and named on the <c>webjobs-blobtrigger-poison</c> queue, as the host does.
/// </summary>
public sealed partial class BlobTriggerWatcher(
    BlobServiceClient blobs,
    QueueServiceClient queues,
    StorageNames names,
    BlobReceipts receipts,
    FunctionInvoker invoker,
    HostRetrySettings retries,
    IOptions<LocalRunnerOptions> options,
    ILogger<BlobTriggerWatcher> logger)
{
    public async Task RunAsync(FunctionDefinition function, BlobPath path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(path);
        var settings = options.Value;
        var container = blobs.GetBlobContainerClient(path.Container);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await receipts.EnsureCreatedAsync(cancellationToken);
        var finished = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        while (!cancellationToken.IsCancellationRequested)
        {
            var candidates = new List<BlobItem>();
            await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = path.Prefix }, cancellationToken))
            {
                if (!finished.ContainsKey(BlobReceipts.VersionKey(blob.Name, ETagOf(blob))))
                {
                    candidates.Add(blob);
                }
            }

            await Parallel.ForEachAsync(
                candidates,
                new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrency, CancellationToken = cancellationToken },
                async (blob, ct) =>
                {
                    if (await TryDeliverAsync(function, path, container, blob, ct))
                    {
                        finished[BlobReceipts.VersionKey(blob.Name, ETagOf(blob))] = true;
                    }
                });
            await Task.Delay(settings.PollInterval, cancellationToken);
        }
    }

    /// <summary>Delivers one attempt if the version is due; returns true when it needs no more attempts.</summary>
    private async Task<bool> TryDeliverAsync(FunctionDefinition function, BlobPath path, BlobContainerClient container, BlobItem blob, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var etag = ETagOf(blob);
        var (receipt, finished) = await receipts.TryClaimAsync(function.Name, blob.Name, etag, settings.VisibilityTimeout, cancellationToken);
        if (receipt is null)
        {
            return finished;
        }

        var client = container.GetBlobClient(blob.Name);
        var outcome = await DeliverAsync(function, path, client, blob, cancellationToken);
        if (outcome.Succeeded)
        {
            await receipts.CompleteAsync(receipt, BlobReceiptStatus.Done, null, TimeSpan.Zero, cancellationToken);
            return true;
        }

        var attempts = (receipt.GetInt32("Attempts") ?? 0) + 1;
        if (attempts < retries.PoisonBlobThreshold)
        {
            LogRetry(function.Name, blob.Name, attempts, outcome.Error);
            await receipts.CompleteAsync(receipt, BlobReceiptStatus.Failed, outcome.Error, retries.RetryDelay, cancellationToken);
            return false;
        }

        await SendToPoisonQueueAsync(function, client, blob, cancellationToken);
        await receipts.CompleteAsync(receipt, BlobReceiptStatus.Poisoned, outcome.Error, TimeSpan.Zero, cancellationToken);
        LogPoisoned(function.Name, blob.Name, attempts, outcome.Error);
        return true;
    }

    internal async Task<InvocationOutcome> DeliverAsync(FunctionDefinition function, BlobPath path, BlobClient client, BlobItem blob, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            // Like the host: the blob is read once, here, and its bytes go to the function in Data.
            var download = await client.DownloadContentAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = blob.Properties.ETag } }, cancellationToken);
            content = download.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Deleted or replaced since it was listed: the newer version gets its own delivery.
            return InvocationOutcome.Success;
        }

        var p = blob.Properties;
        var metadata = new Dictionary<string, object?>
        {
            [path.Parameter] = path.ParameterValue(blob.Name),
            ["BlobTrigger"] = $"{path.Container}/{blob.Name}",
            ["Uri"] = client.Uri,
            ["Properties"] = new Dictionary<string, object?>
            {
                ["ContentLength"] = p.ContentLength,
                ["ContentType"] = p.ContentType,
                ["ETag"] = ETagOf(blob),
                ["LastModified"] = p.LastModified,
                ["CreatedOn"] = p.CreatedOn,
            },
            ["Metadata"] = blob.Metadata ?? new Dictionary<string, string>(),
        };
        return await invoker.InvokeAsync(function.Name, new Dictionary<string, object?> { [function.Trigger.Name] = content }, metadata, cancellationToken);
    }

    /// <summary>
    /// Like the host after the last attempt: the blob stays where it is and a message naming it goes
    /// to the <c>webjobs-blobtrigger-poison</c> queue, in the host's BlobTriggerMessage shape.
    /// </summary>
    private async Task SendToPoisonQueueAsync(FunctionDefinition function, BlobClient source, BlobItem blob, CancellationToken cancellationToken)
    {
        var poison = queues.GetQueueClient(names.Queue(StorageNames.BlobTriggerPoison));
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var message = new BlobTriggerPoisonMessage("BlobTrigger", $"Host.Functions.{function.Name}", "BlockBlob", source.BlobContainerName, blob.Name, ETagOf(blob));
        await poison.SendMessageAsync(JsonSerializer.Serialize(message), cancellationToken);
    }

    private static string ETagOf(BlobItem blob) => blob.Properties.ETag?.ToString() ?? "";

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FunctionName}: blob {BlobName} failed on attempt {Attempt}: {Error}")]
    private partial void LogRetry(string functionName, string blobName, int attempt, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{FunctionName}: blob {BlobName} failed {Attempts} times and is named on the blob poison queue: {Error}")]
    private partial void LogPoisoned(string functionName, string blobName, int attempts, string? error);
}
