using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Dmarc.Adapters.Storage;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.LocalRunner;

/// <summary>What an on-demand run found: the function ran (with its outcome), or why it could not.</summary>
public abstract record OnDemandRun
{
    public sealed record Ran(InvocationOutcome Outcome) : OnDemandRun;

    public sealed record NoSuchFunction : OnDemandRun;

    public sealed record BadInput(string Reason) : OnDemandRun;
}

/// <summary>
/// The host's admin API (<c>POST /admin/functions/{name}</c>, body <c>{"input": "..."}</c>) played
/// locally: runs a non-HTTP function once, the way its trigger would. A timer gets
/// <c>IsPastDue: false</c>, a queue function the input as its message, a blob function the blob
/// that the input names (<c>container/blob</c>).
/// </summary>
public sealed class OnDemandRuns(
    FunctionInvoker invoker,
    BlobTriggerWatcher blobWatcher,
    BlobServiceClient blobs,
    StorageNames names,
    IConfiguration configuration,
    IOptions<LocalRunnerOptions> options,
    TimeProvider time)
{
    public async Task<OnDemandRun> RunAsync(string name, string? input, CancellationToken cancellationToken)
    {
        var function = FunctionCatalog.Load(options.Value.FunctionsRoot ?? AppContext.BaseDirectory)
            .FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase) && !f.Trigger.IsHttp);
        return function?.Trigger.Type switch
        {
            null => new OnDemandRun.NoSuchFunction(),
            "timerTrigger" => new OnDemandRun.Ran(await invoker.InvokeAsync(
                function.Name, new Dictionary<string, object?> { [function.Trigger.Name] = TimerTriggerLoop.TimerInfo(null, isPastDue: false) }, new Dictionary<string, object?>(), cancellationToken)),
            "queueTrigger" when string.IsNullOrEmpty(input) => new OnDemandRun.BadInput("A queue function's input is its message: give it as 'input'."),
            "queueTrigger" => new OnDemandRun.Ran(await invoker.InvokeAsync(function.Name, QueueTriggerListener.Data(function, input), QueueMetadata(), cancellationToken)),
            "blobTrigger" => await RunBlobAsync(function, input, cancellationToken),
            _ => new OnDemandRun.BadInput($"{function.Trigger.Type} functions cannot be run this way."),
        };
    }

    private async Task<OnDemandRun> RunBlobAsync(FunctionDefinition function, string? input, CancellationToken cancellationToken)
    {
        var path = BlobPath.Parse(FunctionCatalog.ResolveSettings(function.Trigger.Path!, configuration));
        var slash = input?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (input is null || slash <= 0 || input[..slash] != path.Container || !input[(slash + 1)..].StartsWith(path.Prefix, StringComparison.Ordinal))
        {
            return new OnDemandRun.BadInput($"A blob function's input is the blob's path, '{path.Container}/{path.Prefix}...'.");
        }

        var blobName = input[(slash + 1)..];
        var container = blobs.GetBlobContainerClient(names.Container(path.Container));
        BlobItem? blob = null;
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = blobName }, cancellationToken))
        {
            if (item.Name == blobName)
            {
                blob = item;
                break;
            }
        }

        return blob is null
            ? new OnDemandRun.BadInput($"There is no blob '{input}'.")
            : new OnDemandRun.Ran(await blobWatcher.DeliverAsync(function, path with { Container = container.Name }, container.GetBlobClient(blobName), blob, cancellationToken));
    }

    /// <summary>A first delivery of a message that was never on a queue.</summary>
    private Dictionary<string, object?> QueueMetadata()
    {
        var now = time.GetUtcNow();
        return new()
        {
            ["DequeueCount"] = 1,
            ["Id"] = Guid.NewGuid().ToString(),
            ["PopReceipt"] = "",
            ["InsertionTime"] = now,
            ["ExpirationTime"] = now.AddDays(7),
            ["NextVisibleTime"] = now,
        };
    }
}
