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
public sealed record ZonePlan(string TaskId, string Zone, ZoneChange Change, DateTimeOffset At);

/// <summary>
/// One unit of queued work: one zone of one task, or, without a zone, the listing of the
/// account's zones that starts a task over every zone.
/// </summary>
public sealed record ZoneWorkItem(string TaskId, string AccountId, string? Zone = null);

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
