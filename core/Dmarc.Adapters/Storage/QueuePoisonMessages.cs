using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Dmarc.Core.Storage;

namespace Dmarc.Adapters.Storage;

/// <summary>
/// Poison queues as the Functions host makes them (<c>&lt;queue&gt;-poison</c> beside each queue a
/// function reads), and failure reasons in Table Storage keyed by queue and a hash of the message
/// text, which the host copies unchanged into the poison queue.
/// </summary>
public sealed class QueuePoisonMessages(QueueServiceClient queues, TableServiceClient tables, StorageNames names, TimeProvider time) : IPoisonMessages
{
    /// <summary>The queues the app's functions read.</summary>
    public static readonly IReadOnlyList<string> FunctionQueues = [StorageNames.ZoneTasks, StorageNames.SenderLookups];

    private const int MaxReason = 2000;
    private readonly TableClient _failures = tables.GetTableClient(names.Table(StorageNames.QueueFailures));

    public async Task RecordFailureAsync(string queue, string message, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reason);
        await _failures.UpsertEntityAsync(new TableEntity(queue, Key(message))
        {
            ["Reason"] = reason.Length <= MaxReason ? reason : reason[..MaxReason],
            ["FailedAt"] = time.GetUtcNow(),
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<PoisonMessage>> ListAsync(CancellationToken cancellationToken = default)
    {
        var found = new List<PoisonMessage>();
        foreach (var queue in FunctionQueues)
        {
            var poison = queues.GetQueueClient(PoisonName(queue));
            if (!(await poison.ExistsAsync(cancellationToken)).Value)
            {
                continue;
            }

            foreach (var message in (await poison.PeekMessagesAsync(32, cancellationToken)).Value)
            {
                var body = message.Body.ToString();
                var failure = await _failures.GetEntityIfExistsAsync<TableEntity>(queue, Key(body), cancellationToken: cancellationToken);
                found.Add(new PoisonMessage(queue, message.MessageId, message.InsertedOn, body,
                    failure.HasValue ? failure.Value!.GetString("Reason") : null, failure.HasValue ? failure.Value!.GetDateTimeOffset("FailedAt") : null));
            }
        }

        return found;
    }

    public async Task<bool> RetryAsync(string queue, string id, CancellationToken cancellationToken = default)
    {
        if (!FunctionQueues.Contains(queue))
        {
            return false;
        }

        var poison = queues.GetQueueClient(PoisonName(queue));
        if (!(await poison.ExistsAsync(cancellationToken)).Value)
        {
            return false;
        }

        // A pop receipt comes only with receiving; the others become visible again a second later.
        foreach (var message in (await poison.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1), cancellationToken)).Value)
        {
            if (message.MessageId == id)
            {
                // Sent before it is deleted: a failure between the two leaves a copy in poison, never none.
                await queues.GetQueueClient(names.Queue(queue)).SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                return true;
            }
        }

        return false;
    }

    private string PoisonName(string queue) => names.Queue(queue) + "-poison";

    private static string Key(string message) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message)))[..32];
}
