using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.LocalRunner;

/// <summary>
/// Delivers queue messages like the host: invisible while processed, deleted on success, visible
/// again after host.json's visibilityTimeout when it fails, moved to <c>&lt;queue&gt;-poison</c> after
/// maxDequeueCount attempts; the payload follows <see cref="Hosting.HostContract"/>.
/// </summary>
public sealed partial class QueueTriggerListener(
    QueueServiceClient queues,
    FunctionInvoker invoker,
    HostRetrySettings retries,
    IOptions<LocalRunnerOptions> options,
    ILogger<QueueTriggerListener> logger)
{
    private const int BatchSize = 16;

    public async Task RunAsync(FunctionDefinition function, string queueName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        var settings = options.Value;
        var queue = queues.GetQueueClient(queueName);
        var poison = queues.GetQueueClient(queueName + "-poison");
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        while (!cancellationToken.IsCancellationRequested)
        {
            QueueMessage[] messages = await queue.ReceiveMessagesAsync(BatchSize, settings.VisibilityTimeout, cancellationToken);
            if (messages.Length == 0)
            {
                await Task.Delay(settings.PollInterval, cancellationToken);
                continue;
            }

            await Parallel.ForEachAsync(
                messages,
                new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrency, CancellationToken = cancellationToken },
                (message, ct) => new ValueTask(HandleAsync(function, queue, poison, message, ct)));
        }
    }

    private async Task HandleAsync(FunctionDefinition function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken cancellationToken)
    {
        var text = message.Body.ToString();
        var outcome = message.DequeueCount > retries.MaxDequeueCount
            ? new InvocationOutcome(false, "Dequeue count already above the maximum.")
            : await invoker.InvokeAsync(function.Name, Data(function, text), Metadata(message), cancellationToken);

        if (outcome.Succeeded)
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        else if (message.DequeueCount >= retries.MaxDequeueCount)
        {
            await poison.SendMessageAsync(text, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            LogPoisoned(function.Name, message.MessageId, message.DequeueCount, outcome.Error);
        }
        else
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: retries.RetryDelay, cancellationToken: cancellationToken);
            LogRetry(function.Name, message.MessageId, message.DequeueCount, outcome.Error);
        }
    }

    internal static Dictionary<string, object?> Data(FunctionDefinition function, string text) =>
        new() { [function.Trigger.Name] = text };

    private static Dictionary<string, object?> Metadata(QueueMessage message) => new()
    {
        ["DequeueCount"] = message.DequeueCount,
        ["Id"] = message.MessageId,
        ["PopReceipt"] = message.PopReceipt,
        ["InsertionTime"] = message.InsertedOn,
        ["ExpirationTime"] = message.ExpiresOn,
        ["NextVisibleTime"] = message.NextVisibleOn,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FunctionName}: message {MessageId} failed on attempt {Attempt}: {Error}")]
    private partial void LogRetry(string functionName, string messageId, long attempt, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{FunctionName}: message {MessageId} moved to poison after {Attempts} attempts: {Error}")]
    private partial void LogPoisoned(string functionName, string messageId, long attempts, string? error);
}
