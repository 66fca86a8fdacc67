using Microsoft.Extensions.Logging;

namespace Dmarc.Core.Reports.Reprocessing;

/// <summary>
/// Runs reprocessing as a task, one archive page per queue message. Starting queues the first step
/// before the task row exists (a step whose task is not there yet fails and is delivered again), so
/// no task is left without a step. A step saves the task's progress at the version it read, then
/// queues the next page: a second delivery of a step loses on the version and stops, and a step
/// whose cursor the task has passed (its successor was saved but not queued) queues the task's current step.
/// </summary>
public sealed partial class ReprocessService(
    IReprocessTasks tasks,
    IReprocessSteps queue,
    ArchiveReprocessor reprocessor,
    TimeProvider time,
    ILogger<ReprocessService> logger)
{
    public async Task<ReprocessTask> StartAsync(ReprocessScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var task = new ReprocessTask(ReprocessTask.IdPrefix + Guid.NewGuid().ToString("N")[..20], scope, ReprocessStatus.Running, null, 0, 0, 0, 0, 0, time.GetUtcNow(), null);
        await queue.EnqueueAsync(new ReprocessStep(task.Id, null), cancellationToken);
        await tasks.CreateAsync(task, cancellationToken);
        return task;
    }

    public async Task<ReprocessTask?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        id.StartsWith(ReprocessTask.IdPrefix, StringComparison.Ordinal) ? (await tasks.GetAsync(id, cancellationToken))?.Task : null;

    /// <summary>Does one step; the answer says what became of it.</summary>
    public async Task<string> StepAsync(ReprocessStep step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        var stored = await tasks.GetAsync(step.TaskId, cancellationToken)
            ?? throw new InvalidOperationException($"Reprocess task {step.TaskId} does not exist (yet); the step is tried again.");
        var task = stored.Task;
        if (task.Status == ReprocessStatus.Completed)
        {
            return $"{task.Id}: already completed";
        }

        if (task.Cursor != step.Cursor)
        {
            await queue.EnqueueAsync(new ReprocessStep(task.Id, task.Cursor), cancellationToken);
            return $"{task.Id}: step already done; the task's current step was queued";
        }

        var page = await reprocessor.RunPageAsync(task.Scope, step.Cursor, cancellationToken);
        var next = task.After(page, time.GetUtcNow());
        if (!await tasks.TryUpdateAsync(next, stored.Version, cancellationToken))
        {
            return $"{task.Id}: another delivery of this step saved it first";
        }

        if (next.Cursor is not null)
        {
            await queue.EnqueueAsync(new ReprocessStep(task.Id, next.Cursor), cancellationToken);
        }

        LogStep(task.Id, next.Pages, page.Rewritten, next.Status);
        return $"{task.Id}: page {next.Pages}, {page.Reports} reports in scope, {page.Rewritten} re-derived; {next.Status}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reprocess {TaskId}: page {Pages} done, {Rewritten} reports re-derived; {Status}")]
    private partial void LogStep(string taskId, int pages, int rewritten, ReprocessStatus status);
}
