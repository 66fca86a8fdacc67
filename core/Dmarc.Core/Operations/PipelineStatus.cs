using Dmarc.Core.Health;
using Dmarc.Core.Reports;

namespace Dmarc.Core.Operations;

/// <summary>A queue: messages waiting (approximate, as the service counts them), the oldest one's age, and messages its poison queue holds.</summary>
public sealed record QueueStatus(string Name, long Depth, TimeSpan? OldestAge, long PoisonCount);

/// <summary>Documents in inbound, not yet ingested, and the age of the oldest.</summary>
public sealed record InboundBacklog(long Documents, TimeSpan? OldestAge);

/// <summary>How many documents quarantine holds for one kind of reason.</summary>
public sealed record QuarantineCount(QuarantineKind Kind, long Documents);

/// <summary>Quarantined documents, in all and by kind of reason.</summary>
public sealed record QuarantineSummary(long Documents, IReadOnlyList<QuarantineCount> ByKind);

/// <summary>E-mails kept in the outbox and not yet sent, and when the oldest of them was kept.</summary>
public sealed record OutboxBacklog(long Unsent, DateTimeOffset? OldestUnsentAt);

/// <summary>A timer function: its schedule, its last run (none when it has not run since it was deployed) and its next run.</summary>
public sealed record TimerStatus(
    string Function,
    string Schedule,
    DateTimeOffset? LastRun,
    TimerOutcome? Outcome,
    TimeSpan? Duration,
    string? Error,
    DateTimeOffset? NextRun);

public enum TimerOutcome
{
    Succeeded,
    Failed,
}

/// <summary>A timer function's schedule and its next occurrence, as the host reads it from function.json.</summary>
public sealed record TimerSchedule(string Function, string Schedule, DateTimeOffset? NextRun);

/// <summary>
/// The pipeline at one moment. When a storage service cannot be reached, the figures that need it
/// are null and <see cref="Storage"/> says which service and why.
/// </summary>
public sealed record PipelineStatus(
    DateTimeOffset At,
    IReadOnlyList<ComponentHealth> Storage,
    IReadOnlyList<QueueStatus>? Queues,
    InboundBacklog? Inbound,
    QuarantineSummary? Quarantine,
    OutboxBacklog? Outbox,
    IReadOnlyList<TimerStatus>? Timers);

/// <summary>Port: figures read from the stores themselves (queues, inbound, quarantine index, outbox).</summary>
public interface IPipelineGauges
{
    Task<IReadOnlyList<QueueStatus>> QueuesAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<InboundBacklog> InboundAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<QuarantineSummary> QuarantineAsync(CancellationToken cancellationToken = default);

    Task<OutboxBacklog> OutboxAsync(CancellationToken cancellationToken = default);
}
