namespace Dmarc.Core.Monitoring;

/// <summary>Port: tasks, their per-zone results and the one-task-per-account lock.</summary>
public interface ITaskStore
{
    /// <summary>Takes the account's lock for a task; false when another task holds it and has not expired.</summary>
    Task<bool> TryLockAccountAsync(string accountId, string taskId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>The id of the task holding the account's lock, if any.</summary>
    Task<string?> LockHolderAsync(string accountId, CancellationToken cancellationToken = default);

    Task ReleaseAccountAsync(string accountId, string taskId, CancellationToken cancellationToken = default);

    /// <summary>Stores the task's zones first (so a sweep can re-dispatch them), then the task itself.</summary>
    Task CreateAsync(MonitoringTask task, IReadOnlyList<string> zones, CancellationToken cancellationToken = default);

    /// <summary>The zones the task was started over.</summary>
    Task<IReadOnlyList<string>> ListZonesAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Records that every zone of the task was (re-)queued at <paramref name="at"/>; <paramref name="resumed"/> counts a sweep's re-dispatch.</summary>
    Task MarkDispatchedAsync(string taskId, DateTimeOffset at, bool resumed, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends a task's listing: stores the zones, then turns the task from Listing to Running with the
    /// zones as its total (and why, when listing gave up); true only for the one caller that did it.
    /// </summary>
    Task<bool> TryCompleteListingAsync(string taskId, IReadOnlyList<string> zones, string? failure, CancellationToken cancellationToken = default);

    /// <summary>Every task that is not completed (listing or running).</summary>
    Task<IReadOnlyList<MonitoringTask>> ListRunningAsync(CancellationToken cancellationToken = default);

    /// <summary>A zone's progress in a task (its plan, whether it has a result) in one read.</summary>
    Task<ZoneProgress> GetProgressAsync(string taskId, string zone, CancellationToken cancellationToken = default);

    /// <summary>Stores a zone's plan unless it has one; returns the plan stored (the first writer's), with its version.</summary>
    Task<ZonePlan> TryAddPlanAsync(ZonePlan plan, CancellationToken cancellationToken = default);

    /// <summary>Replaces a zone's plan; returns it with its new version.</summary>
    Task<ZonePlan> ReplacePlanAsync(ZonePlan plan, CancellationToken cancellationToken = default);

    /// <summary>Fixes the task's completion time once and returns it; later calls return the first time.</summary>
    Task<DateTimeOffset> BeginCompletionAsync(string taskId, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task<MonitoringTask?> GetAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a zone's result once and counts it in the same write, so a crash can neither lose
    /// nor repeat the count. <paramref name="version"/> is the version of the zone's plan when one
    /// was kept (<see cref="ZonePlan.Version"/>); <paramref name="total"/> is the task's number of
    /// zones. True when, as far as the counts tell, every zone of the task now has a result;
    /// finishing re-checks the real results. A zone that already had a result is not counted again.
    /// </summary>
    Task<bool> RecordResultAsync(ZoneResult result, int total, string? version, CancellationToken cancellationToken = default);

    /// <summary>True when, as far as the counts tell, every zone of the task has a result (for a re-delivered zone).</summary>
    Task<bool> AllCountedAsync(string taskId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ZoneResult>> ListResultsAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Marks the task completed; true only for the one caller that did it.</summary>
    Task<bool> TryCompleteAsync(string taskId, DateTimeOffset completedAt, CancellationToken cancellationToken = default);
}

/// <summary>Port: the queue that fans a task out, one message per zone.</summary>
public interface IZoneWorkDispatcher
{
    Task EnqueueAsync(IReadOnlyList<ZoneWorkItem> items, CancellationToken cancellationToken = default);
}

/// <summary>One DNS change made by this service.</summary>
public sealed record AuditEntry(string AccountId, string Zone, string Name, string? Before, string? After, string TaskId, DateTimeOffset At);

/// <summary>Port: the log of every DNS change, one entry per task and zone.</summary>
public interface IAuditLog
{
    /// <summary>Records the change; the entry is keyed by task, zone and time, so a retry with the same entry replaces it.</summary>
    Task AddAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string accountId, int max, CancellationToken cancellationToken = default);
}

/// <summary>A domain whose DMARC reports come to this service, and the record the service created for it, if any.</summary>
public sealed record MonitoredDomain(string Domain, string AccountId, string? CreatedRecord, DateTimeOffset Since);

/// <summary>Port: which domains are monitored, by which account.</summary>
public interface IMonitoredDomains
{
    Task<MonitoredDomain?> GetAsync(string domain, CancellationToken cancellationToken = default);

    Task UpsertAsync(MonitoredDomain domain, CancellationToken cancellationToken = default);

    /// <summary>
    /// Upserts with the entry as the caller has just read it (<paramref name="before"/>, null when
    /// there was none), so a decorator that compares before and after needs no second read.
    /// </summary>
    Task UpsertAsync(MonitoredDomain domain, MonitoredDomain? before, CancellationToken cancellationToken = default) => UpsertAsync(domain, cancellationToken);

    /// <summary>Registers the domain for its account; false when another account already has it.</summary>
    Task<bool> TryClaimAsync(MonitoredDomain domain, CancellationToken cancellationToken = default);

    /// <summary>Every domain of an account.</summary>
    Task<IReadOnlyList<MonitoredDomain>> ListAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>Every monitored domain of every account (the smart rollup alerts, which have no subscriptions, read it once per run).</summary>
    Task<IReadOnlyList<MonitoredDomain>> ListAllAsync(CancellationToken cancellationToken = default);

    Task RemoveAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>Removes with the entry as the caller has just read it (see <see cref="UpsertAsync(MonitoredDomain, MonitoredDomain?, CancellationToken)"/>).</summary>
    Task RemoveAsync(string domain, MonitoredDomain? before, CancellationToken cancellationToken = default) => RemoveAsync(domain, cancellationToken);
}
