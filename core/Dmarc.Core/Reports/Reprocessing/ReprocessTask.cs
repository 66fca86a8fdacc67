namespace Dmarc.Core.Reports.Reprocessing;

public enum ReprocessStatus
{
    Running,
    Completed,
}

/// <summary>
/// A reprocess run and its progress: the archive page it reaches next (<paramref name="Cursor"/>; null
/// for the first page and once completed), and what the pages so far did. <paramref name="Rewritten"/>
/// counts the reports the delivery that completed each page found different and wrote; when an
/// earlier delivery of the page failed after writing one, its retry finds it in place and does not count it.
/// </summary>
public sealed record ReprocessTask(
    string Id,
    ReprocessScope Scope,
    ReprocessStatus Status,
    string? Cursor,
    int Pages,
    int Documents,
    int Reports,
    int Rewritten,
    int Unreadable,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt)
{
    public const string IdPrefix = "rp_";

    public ReprocessTask After(ReprocessPage page, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(page);
        return this with
        {
            Cursor = page.Next,
            Pages = Pages + 1,
            Documents = Documents + page.Documents,
            Reports = Reports + page.Reports,
            Rewritten = Rewritten + page.Rewritten,
            Unreadable = Unreadable + page.Unreadable,
            Status = page.Next is null ? ReprocessStatus.Completed : ReprocessStatus.Running,
            CompletedAt = page.Next is null ? now : null,
        };
    }
}

/// <summary>One queue message: do the page of <paramref name="TaskId"/> that starts at <paramref name="Cursor"/>.</summary>
public sealed record ReprocessStep(string TaskId, string? Cursor);

/// <summary>A stored task with the version it was read at.</summary>
public sealed record VersionedReprocessTask(ReprocessTask Task, string Version);

/// <summary>Port: reprocess tasks, updated only at the version they were read at.</summary>
public interface IReprocessTasks
{
    Task CreateAsync(ReprocessTask task, CancellationToken cancellationToken = default);

    Task<VersionedReprocessTask?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>False when the task changed since <paramref name="version"/> (another delivery of the step got there first).</summary>
    Task<bool> TryUpdateAsync(ReprocessTask task, string version, CancellationToken cancellationToken = default);
}

/// <summary>Port: the queue of reprocess steps.</summary>
public interface IReprocessSteps
{
    Task EnqueueAsync(ReprocessStep pending, CancellationToken cancellationToken = default);
}
