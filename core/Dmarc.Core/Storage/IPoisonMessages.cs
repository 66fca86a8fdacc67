namespace Dmarc.Core.Storage;

/// <summary>
/// A queue message the Functions host gave up on (after maxDequeueCount attempts it moves the
/// message to <c>&lt;queue&gt;-poison</c>, unchanged), with the reason its last attempt failed when
/// the function recorded one.
/// </summary>
public sealed record PoisonMessage(string Queue, string Id, DateTimeOffset? InsertedOn, string Body, string? Reason, DateTimeOffset? FailedAt);

/// <summary>Port: the app's poison queues, and the failure reasons the queue functions record.</summary>
public interface IPoisonMessages
{
    /// <summary>Keeps why a message of the queue failed (the latest reason per message text wins).</summary>
    Task RecordFailureAsync(string queue, string message, string reason, CancellationToken cancellationToken = default);

    /// <summary>Up to 32 messages of each poison queue, oldest first, each with its recorded reason.</summary>
    Task<IReadOnlyList<PoisonMessage>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Puts the poison message back on its queue and removes it from the poison queue; false when there is no such message.</summary>
    Task<bool> RetryAsync(string queue, string id, CancellationToken cancellationToken = default);
}
