using System.Collections.Concurrent;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Dmarc.Adapters.Storage;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.LocalRunner;

/// <summary>
/// Watches a container and delivers each new blob version to its function once. A failed
/// delivery is retried; after the last attempt the blob is moved to <c>&lt;container&gt;-poison</c>
/// with the reason in its metadata.
/// </summary>
public sealed partial class BlobTriggerWatcher(
    BlobServiceClient blobs,
    BlobReceipts receipts,
    FunctionInvoker invoker,
    IOptions<LocalRunnerOptions> options,
    ILogger<BlobTriggerWatcher> logger)
{
    public const string FailureReasonMetadata = "failurereason";

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
        if (attempts < settings.MaxAttempts)
        {
            LogRetry(function.Name, blob.Name, attempts, outcome.Error);
            await receipts.CompleteAsync(receipt, BlobReceiptStatus.Failed, outcome.Error, settings.RetryDelay, cancellationToken);
            return false;
        }

        await MoveToPoisonAsync(function, client, blob, attempts, outcome.Error, cancellationToken);
        await receipts.CompleteAsync(receipt, BlobReceiptStatus.Poisoned, outcome.Error, TimeSpan.Zero, cancellationToken);
        LogPoisoned(function.Name, blob.Name, attempts, outcome.Error);
        return true;
    }

    private async Task<InvocationOutcome> DeliverAsync(FunctionDefinition function, BlobPath path, BlobClient client, BlobItem blob, CancellationToken cancellationToken)
    {
        string content;
        try
        {
            // The host hands the content over as text; handlers must read the blob themselves.
            var download = await client.DownloadContentAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = blob.Properties.ETag } }, cancellationToken);
            content = Encoding.UTF8.GetString(download.Value.Content.ToMemory().Span);
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
            ["Properties"] = new { Length = p.ContentLength, p.ContentType, ETag = ETagOf(blob), LastModified = p.LastModified, Created = p.CreatedOn },
            ["Metadata"] = blob.Metadata ?? new Dictionary<string, string>(),
        };
        return await invoker.InvokeAsync(function.Name, new Dictionary<string, object?> { [function.Trigger.Name] = content }, metadata, cancellationToken);
    }

    private async Task MoveToPoisonAsync(FunctionDefinition function, BlobClient source, BlobItem blob, int attempts, string? error, CancellationToken cancellationToken)
    {
        var poison = blobs.GetBlobContainerClient(source.BlobContainerName + "-poison");
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var conditions = new BlobRequestConditions { IfMatch = blob.Properties.ETag };
        try
        {
            var download = await source.DownloadStreamingAsync(new BlobDownloadOptions { Conditions = conditions }, cancellationToken);
            using var content = download.Value;
            await poison.GetBlobClient(blob.Name).UploadAsync(content.Content, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = blob.Properties.ContentType },
                Metadata = new Dictionary<string, string>
                {
                    [FailureReasonMetadata] = BlobMetadata.Value(error ?? "unknown"),
                    ["attempts"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["functionname"] = function.Name,
                },
            }, cancellationToken);
            await source.DeleteIfExistsAsync(conditions: conditions, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Replaced or deleted meanwhile: the newer version is delivered on its own.
        }
    }

    private static string ETagOf(BlobItem blob) => blob.Properties.ETag?.ToString() ?? "";

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FunctionName}: blob {BlobName} failed on attempt {Attempt}: {Error}")]
    private partial void LogRetry(string functionName, string blobName, int attempt, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{FunctionName}: blob {BlobName} moved to poison after {Attempts} attempts: {Error}")]
    private partial void LogPoisoned(string functionName, string blobName, int attempts, string? error);
}
