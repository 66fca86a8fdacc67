using Dmarc.Core.Dns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Monitoring;

/// <summary>
/// Starts enable/disable tasks (one per account at a time), processes their zones one work item
/// at a time, and finishes each task exactly once.
/// </summary>
public sealed partial class MonitoringTaskService(
    IDnsProvider dns,
    ITaskStore tasks,
    IZoneWorkDispatcher dispatcher,
    ZoneWorker worker,
    TaskNotifier notifier,
    IOptions<MonitoringOptions> options,
    TimeProvider time,
    ILogger<MonitoringTaskService> logger)
{
    /// <summary>Up to this many named zones are looked up one by one; more are checked against one listing.</summary>
    private const int MaxZoneLookups = 20;

    /// <param name="domains">Only these zones of the account; null for every zone.</param>
    /// <remarks>
    /// A task over named zones looks each up (or, for more than <see cref="MaxZoneLookups"/>, checks
    /// them against one cheap listing of names) and queues them at once. A task over every zone lists nothing in the request: it starts as Listing and a worker
    /// lists the account's zones (platforms hold far more zones than a request should read).
    /// </remarks>
    public async Task<StartTaskResult> StartAsync(string accountId, TaskKind kind, bool dryRun, IReadOnlyList<string>? domains, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        string[]? zones = null;
        if (domains is not null)
        {
            var wanted = domains.Select(d => DnsNames.Normalize(d) ?? d).Distinct(StringComparer.Ordinal).ToArray();
            var unknown = await UnknownZonesAsync(accountId, wanted, cancellationToken);
            if (unknown.Length > 0)
            {
                return new StartTaskResult.UnknownDomains(unknown);
            }

            zones = wanted;
        }

        var now = time.GetUtcNow();
        var status = zones is null ? MonitoringTaskStatus.Listing : MonitoringTaskStatus.Running;
        var task = new MonitoringTask(NewId(), accountId, kind, dryRun, status, zones?.Length ?? 0, now, null);
        if (!await tasks.TryLockAccountAsync(accountId, task.Id, now + options.Value.TaskLockTimeout, cancellationToken))
        {
            return new StartTaskResult.Busy(await tasks.LockHolderAsync(accountId, cancellationToken) ?? "unknown");
        }

        try
        {
            await tasks.CreateAsync(task, zones ?? [], cancellationToken);
        }
        catch
        {
            // Nothing was queued and the task is not stored: let the account start another.
            await tasks.ReleaseAccountAsync(accountId, task.Id, CancellationToken.None);
            throw;
        }

        LogStarted(task.Id, kind, accountId, zones?.Length, dryRun);
        if (zones is { Length: 0 })
        {
            await FinishAsync(task, cancellationToken);
            return new StartTaskResult.Started(task);
        }

        try
        {
            await DispatchAsync(task, zones, resumed: false, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The task (and its zones) are stored: the sweep (ResumeTasks) queues them again.
            LogDispatchFailed(ex, task.Id);
        }

        return new StartTaskResult.Started(task);
    }

    /// <summary>
    /// The named zones that are not the account's: a few are looked up one by one (disabling one
    /// domain reads one zone, not the account's list); many are checked against one listing of names.
    /// </summary>
    private async Task<string[]> UnknownZonesAsync(string accountId, string[] wanted, CancellationToken cancellationToken)
    {
        if (wanted.Length > MaxZoneLookups)
        {
            var known = await dns.ListZoneNamesAsync(accountId, cancellationToken);
            return wanted.Except(known, StringComparer.Ordinal).ToArray();
        }

        var found = await Task.WhenAll(wanted.Select(z => dns.GetZoneAsync(accountId, z, cancellationToken)));
        return wanted.Where((_, i) => found[i] is null).ToArray();
    }

    /// <summary>
    /// Processes one zone of a task. A re-delivered item does not change the zone again. The task
    /// comes from the message when it carries it; it is read from the store only to list the
    /// account's zones, for an older message, and to finish after the last zone.
    /// </summary>
    public async Task ProcessAsync(ZoneWorkItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var task = item.CarriedTask() ?? await tasks.GetAsync(item.TaskId, cancellationToken);
        if (task is null || task.AccountId != item.AccountId)
        {
            LogUnknownTask(item.TaskId);
            return;
        }

        if (task.Status == MonitoringTaskStatus.Completed)
        {
            return;
        }

        if (item.Zone is null)
        {
            await ListAsync(task, error: null, cancellationToken);
            return;
        }

        var progress = await tasks.GetProgressAsync(task.Id, item.Zone, cancellationToken);
        bool allCounted;
        if (progress.HasResult)
        {
            // A re-delivery: the zone is done; finish the task if the earlier attempt stopped before that.
            allCounted = await tasks.AllCountedAsync(task.Id, cancellationToken);
        }
        else
        {
            var (change, version) = await worker.ApplyAsync(task, item.Zone, progress.Plan, cancellationToken);
            allCounted = await tasks.RecordResultAsync(new ZoneResult(task.Id, item.Zone, change, time.GetUtcNow()), task.Total, version, cancellationToken);
            LogZone(task.Id, item.Zone, change.Outcome, change.Reason, change.Detail);
        }

        if (allCounted
            && await tasks.GetAsync(task.Id, cancellationToken) is { Status: not MonitoringTaskStatus.Completed } current
            && (await tasks.ListResultsAsync(task.Id, cancellationToken)).Count >= current.Total)
        {
            await FinishAsync(current, cancellationToken);
        }
    }

    /// <summary>
    /// Lists the account's zones and queues them. A re-delivered listing finds the task Running and
    /// stops: the zones are stored, and if queueing them did not finish, the sweep queues them.
    /// </summary>
    private async Task ListAsync(MonitoringTask task, string? error, CancellationToken cancellationToken)
    {
        if (task.Status != MonitoringTaskStatus.Listing)
        {
            return;
        }

        var zones = error is null ? await dns.ListZoneNamesAsync(task.AccountId, cancellationToken) : [];
        if (!await tasks.TryCompleteListingAsync(task.Id, zones, error, cancellationToken))
        {
            return;
        }

        LogListed(task.Id, zones.Count);
        var listed = task with { Status = MonitoringTaskStatus.Running, Total = zones.Count, Error = error };
        if (zones.Count == 0)
        {
            await FinishAsync(listed, cancellationToken);
            return;
        }

        await DispatchAsync(listed, zones, resumed: false, cancellationToken);
    }

    /// <summary>
    /// The sweep of the <c>ResumeTasks</c> timer: a running task whose first dispatch did not finish,
    /// or that has had no new outcome for <see cref="MonitoringOptions.StuckAfter"/>, gets the zones
    /// without an outcome queued again; after <see cref="MonitoringOptions.MaxResumes"/> sweeps they
    /// fail and the task finishes, which releases the account. Returns the tasks it acted on.
    /// </summary>
    public async Task<int> ResumeStalledAsync(CancellationToken cancellationToken = default)
    {
        var acted = 0;
        var settings = options.Value;
        foreach (var task in await tasks.ListRunningAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            var results = await tasks.ListResultsAsync(task.Id, cancellationToken);
            var lastProgress = results.Select(r => r.At).Append(task.CreatedAt).Append(task.DispatchedAt ?? task.CreatedAt).Max();
            var stalled = task.DispatchedAt is null
                ? now - task.CreatedAt >= settings.DispatchGrace
                : now - lastProgress >= settings.StuckAfter;
            if (!stalled)
            {
                continue;
            }

            acted++;
            if (task.Status == MonitoringTaskStatus.Listing)
            {
                await ResumeListingAsync(task, cancellationToken);
                continue;
            }

            var done = results.Select(r => r.Zone).ToHashSet(StringComparer.Ordinal);
            var missing = (await tasks.ListZonesAsync(task.Id, cancellationToken)).Where(z => !done.Contains(z)).ToArray();
            if (missing.Length == 0)
            {
                await FinishAsync(task, cancellationToken);
            }
            else if (task.DispatchedAt is null || task.Resumes < settings.MaxResumes)
            {
                LogResumed(task.Id, missing.Length);
                await DispatchAsync(task, missing, resumed: task.DispatchedAt is not null, cancellationToken);
            }
            else
            {
                LogGaveUp(task.Id, missing.Length);
                var error = $"No worker finished this zone after {task.Resumes + 1} dispatches (its message may be on zone-tasks-poison); it may be part-way done. Run the task again.";
                foreach (var zone in missing)
                {
                    await tasks.RecordResultAsync(new ZoneResult(task.Id, zone, ZoneChange.Fail(error), now), task.Total, null, cancellationToken);
                }

                await FinishAsync(task, cancellationToken);
            }
        }

        return acted;
    }

    /// <summary>Queues the listing again, or after <see cref="MonitoringOptions.MaxResumes"/> tries ends the task with the reason.</summary>
    private async Task ResumeListingAsync(MonitoringTask task, CancellationToken cancellationToken)
    {
        if (task.DispatchedAt is null || task.Resumes < options.Value.MaxResumes)
        {
            LogResumed(task.Id, 0);
            await DispatchAsync(task, null, resumed: task.DispatchedAt is not null, cancellationToken);
            return;
        }

        LogGaveUp(task.Id, 0);
        await ListAsync(task, $"Listing the account's zones did not finish after {task.Resumes + 1} tries (its message may be on zone-tasks-poison); no zone was changed. Run the task again.", cancellationToken);
    }

    public async Task<TaskView?> GetAsync(string taskId, CancellationToken cancellationToken = default)
    {
        var task = await tasks.GetAsync(taskId, cancellationToken);
        if (task is null)
        {
            return null;
        }

        var results = await tasks.ListResultsAsync(taskId, cancellationToken);
        return new TaskView(task, TaskCounts.From(results), results.OrderBy(r => r.Zone, StringComparer.Ordinal).ToArray());
    }

    /// <param name="zones">The zones to queue; null queues the task's listing.</param>
    private async Task DispatchAsync(MonitoringTask task, IReadOnlyList<string>? zones, bool resumed, CancellationToken cancellationToken)
    {
        ZoneWorkItem[] items = zones is null ? [new ZoneWorkItem(task.Id, task.AccountId)] : [.. zones.Select(z => ZoneWorkItem.For(task, z))];
        await dispatcher.EnqueueAsync(items, cancellationToken);
        await tasks.MarkDispatchedAsync(task.Id, time.GetUtcNow(), resumed, cancellationToken);
    }

    /// <summary>
    /// Every step can run again: the completion time is fixed once, the notification and the
    /// outbox e-mail are keyed by the task, the lock release and the status change are no-ops the
    /// second time. The status turns Completed only after the notification and e-mail are kept and
    /// the account is free; the e-mail is sent last (the outbox timer retries a failed send).
    /// Dry runs change nothing a user sees besides the task: no notification, no e-mail.
    /// </summary>
    private async Task FinishAsync(MonitoringTask task, CancellationToken cancellationToken)
    {
        var completedAt = await tasks.BeginCompletionAsync(task.Id, time.GetUtcNow(), cancellationToken);
        var finished = task with { Status = MonitoringTaskStatus.Completed, CompletedAt = completedAt };
        var results = await tasks.ListResultsAsync(task.Id, cancellationToken);
        if (!task.DryRun)
        {
            await notifier.PrepareAsync(finished, results, cancellationToken);
        }

        await tasks.ReleaseAccountAsync(task.AccountId, task.Id, cancellationToken);
        if (await tasks.TryCompleteAsync(task.Id, completedAt, cancellationToken))
        {
            LogFinished(task.Id, results.Count);
        }

        if (!task.DryRun && !await notifier.DeliverAsync(finished, cancellationToken))
        {
            LogMailNotSent(task.Id);
        }
    }

    private static string NewId() => "task_" + Guid.NewGuid().ToString("N")[..20];

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: {Kind} for account {AccountId} over {Zones} zones (none: every zone, listed by a worker; dry run: {DryRun})")]
    private partial void LogStarted(string taskId, TaskKind kind, string accountId, int? zones, bool dryRun);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: {Zones} zones listed")]
    private partial void LogListed(string taskId, int zones);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: {Zone} {Outcome} {Reason} {Detail}")]
    private partial void LogZone(string taskId, string zone, Outcome outcome, SkipReason? reason, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} completed with {Results} zone outcomes")]
    private partial void LogFinished(string taskId, int results);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: queueing its zones failed; the ResumeTasks sweep queues them again")]
    private partial void LogDispatchFailed(Exception exception, string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} stalled: {Zones} zones without an outcome queued again")]
    private partial void LogResumed(string taskId, int zones);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} stalled too often: {Zones} zones without an outcome failed")]
    private partial void LogGaveUp(string taskId, int zones);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: its e-mail was not sent now (already sent, or left pending for the SendOutbox timer)")]
    private partial void LogMailNotSent(string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work item for unknown task {TaskId} ignored")]
    private partial void LogUnknownTask(string taskId);
}
