using System.Text.Json.Serialization;

namespace Dmarc.Core.Monitoring;

[JsonConverter(typeof(JsonStringEnumConverter<TaskKind>))]
public enum TaskKind
{
    Enable,
    Disable,
}

[JsonConverter(typeof(JsonStringEnumConverter<MonitoringTaskStatus>))]
public enum MonitoringTaskStatus
{
    /// <summary>The account's zones are being listed by a worker; the total is not known yet.</summary>
    Listing,
    Running,
    Completed,
}

/// <summary>A bulk enable or disable over zones of one account.</summary>
public sealed record MonitoringTask(
    string Id,
    string AccountId,
    TaskKind Kind,
    bool DryRun,
    MonitoringTaskStatus Status,
    int Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt)
{
    /// <summary>When every zone was last put on the queue; null while the first dispatch has not finished.</summary>
    public DateTimeOffset? DispatchedAt { get; init; }

    /// <summary>How often a sweep re-queued the zones that had no outcome (or the listing).</summary>
    public int Resumes { get; init; }

    /// <summary>Why the task ended without working on its zones (its listing never finished), if it did.</summary>
    public string? Error { get; init; }
}

/// <summary>The outcome of one zone in a task.</summary>
public sealed record ZoneResult(string TaskId, string Zone, ZoneChange Change, DateTimeOffset At);

/// <summary>A zone's change as planned before the DNS write, so that a retry finishes it with the same outcome and time.</summary>
public sealed record ZonePlan(string TaskId, string Zone, ZoneChange Change, DateTimeOffset At)
{
    /// <summary>The store's version of the kept plan (opaque), so the result replaces exactly this plan.</summary>
    public string? Version { get; init; }
}

/// <summary>A zone's progress in a task: the plan kept before its DNS write, if any, and whether it has a result.</summary>
public sealed record ZoneProgress(ZonePlan? Plan, bool HasResult);

/// <summary>
/// One unit of queued work: one zone of one task, or, without a zone, the listing of the
/// account's zones that starts a task over every zone. A zone's message carries what the worker
/// needs of its task (kind, dry run, total), so the task is read only to finish it; a message
/// without them (queued by an older version) has the task read.
/// </summary>
public sealed record ZoneWorkItem(string TaskId, string AccountId, string? Zone = null)
{
    public TaskKind? Kind { get; init; }

    public bool? DryRun { get; init; }

    public int? Total { get; init; }

    /// <summary>The item for one zone of a task, with the task's kind, dry run and total.</summary>
    public static ZoneWorkItem For(MonitoringTask task, string zone)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new(task.Id, task.AccountId, zone) { Kind = task.Kind, DryRun = task.DryRun, Total = task.Total };
    }

    /// <summary>The task as far as the message tells it (running), or null when the message does not carry it.</summary>
    public MonitoringTask? CarriedTask() =>
        Zone is not null && Kind is { } kind && DryRun is { } dryRun && Total is { } total
            ? new MonitoringTask(TaskId, AccountId, kind, dryRun, MonitoringTaskStatus.Running, total, default, null)
            : null;
}

/// <summary>Counts of a task's outcomes, by outcome and by skip reason.</summary>
public sealed record TaskCounts(int Processed, IReadOnlyDictionary<Outcome, int> ByOutcome, IReadOnlyDictionary<SkipReason, int> BySkipReason)
{
    public static TaskCounts From(IEnumerable<ZoneResult> results)
    {
        var list = results.ToArray();
        return new TaskCounts(
            list.Length,
            Enum.GetValues<Outcome>().ToDictionary(o => o, o => list.Count(r => r.Change.Outcome == o)),
            list.Where(r => r.Change.Reason is not null).GroupBy(r => r.Change.Reason!.Value).ToDictionary(g => g.Key, g => g.Count()));
    }
}
