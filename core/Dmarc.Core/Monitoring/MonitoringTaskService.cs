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
    /// <param name="domains">Only these zones of the account; null for every zone.</param>
    public async Task<StartTaskResult> StartAsync(string accountId, TaskKind kind, bool dryRun, IReadOnlyList<string>? domains, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        var zones = (await dns.ListZonesAsync(accountId, cancellationToken)).Select(z => z.Name).ToArray();
        if (domains is not null)
        {
            var wanted = domains.Select(d => DnsNames.Normalize(d) ?? d).Distinct(StringComparer.Ordinal).ToArray();
            var unknown = wanted.Except(zones, StringComparer.Ordinal).ToArray();
            if (unknown.Length > 0)
            {
                return new StartTaskResult.UnknownDomains(unknown);
            }

            zones = wanted;
        }

        var now = time.GetUtcNow();
        var task = new MonitoringTask(NewId(), accountId, kind, dryRun, MonitoringTaskStatus.Running, zones.Length, now, null);
        if (!await tasks.TryLockAccountAsync(accountId, task.Id, now + options.Value.TaskLockTimeout, cancellationToken))
        {
            return new StartTaskResult.Busy(await tasks.LockHolderAsync(accountId, cancellationToken) ?? "unknown");
        }

        await tasks.CreateAsync(task, cancellationToken);
        await dispatcher.EnqueueAsync(zones.Select(z => new ZoneWorkItem(task.Id, accountId, z)).ToArray(), cancellationToken);
        LogStarted(task.Id, kind, accountId, zones.Length, dryRun);
        if (zones.Length == 0)
        {
            await FinishAsync(task, cancellationToken);
        }

        return new StartTaskResult.Started(task);
    }

    /// <summary>Processes one zone of a task. A re-delivered item does not change the zone again.</summary>
    public async Task ProcessAsync(ZoneWorkItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var task = await tasks.GetAsync(item.TaskId, cancellationToken);
        if (task is null || task.AccountId != item.AccountId)
        {
            LogUnknownTask(item.TaskId);
            return;
        }

        if (!await tasks.HasResultAsync(task.Id, item.Zone, cancellationToken))
        {
            var change = await worker.ApplyAsync(task, item.Zone, cancellationToken);
            await tasks.TryAddResultAsync(new ZoneResult(task.Id, item.Zone, change, time.GetUtcNow()), cancellationToken);
            LogZone(task.Id, item.Zone, change.Outcome, change.Reason, change.Detail);
        }

        var processed = await tasks.CountResultAsync(task.Id, item.Zone, cancellationToken);
        if (processed >= task.Total && (await tasks.ListResultsAsync(task.Id, cancellationToken)).Count >= task.Total)
        {
            await FinishAsync(task, cancellationToken);
        }
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

    private async Task FinishAsync(MonitoringTask task, CancellationToken cancellationToken)
    {
        var completedAt = time.GetUtcNow();
        if (!await tasks.TryCompleteAsync(task.Id, completedAt, cancellationToken))
        {
            return;
        }

        await tasks.ReleaseAccountAsync(task.AccountId, task.Id, cancellationToken);
        var results = await tasks.ListResultsAsync(task.Id, cancellationToken);
        var finished = task with { Status = MonitoringTaskStatus.Completed, CompletedAt = completedAt };
        await notifier.NotifyAsync(finished, TaskCounts.From(results), cancellationToken);
        LogFinished(task.Id, results.Count);
    }

    private static string NewId() => "task_" + Guid.NewGuid().ToString("N")[..20];

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: {Kind} for account {AccountId} over {Zones} zones (dry run: {DryRun})")]
    private partial void LogStarted(string taskId, TaskKind kind, string accountId, int zones, bool dryRun);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: {Zone} {Outcome} {Reason} {Detail}")]
    private partial void LogZone(string taskId, string zone, Outcome outcome, SkipReason? reason, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} completed with {Results} zone outcomes")]
    private partial void LogFinished(string taskId, int results);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work item for unknown task {TaskId} ignored")]
    private partial void LogUnknownTask(string taskId);
}
