namespace Dmarc.Core.Rollup;

/// <summary>Port: the (domain, day) pairs to recompute (a small table written by ingestion and classification).</summary>
public interface IRollupMarks
{
    /// <summary>Writes the marks (writing one again only renews it).</summary>
    Task MarkAsync(IReadOnlyCollection<RollupMark> marks, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> marks waiting, with their versions.</summary>
    Task<IReadOnlyList<PendingMark>> PendingAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the marks that still have the version they were read at; a mark written again since
    /// (a report landed meanwhile) stays for the next run. Marks already gone are ignored.
    /// </summary>
    Task ClearAsync(IReadOnlyList<PendingMark> marks, CancellationToken cancellationToken = default);
}

/// <summary>Port: daily summaries per (domain, day); the rolling windows are sums of them.</summary>
public interface IRollupStore
{
    /// <summary>Replaces the summary of its (domain, day) as a whole.</summary>
    Task PutDayAsync(DailySummary summary, CancellationToken cancellationToken = default);

    /// <summary>The summaries of a domain from <paramref name="firstDay"/> to <paramref name="lastDay"/>, both included, oldest first; days never computed are absent.</summary>
    Task<IReadOnlyList<DailySummary>> DaysAsync(string domain, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default);
}

/// <summary>Port: one rollup run at a time across instances (a lease that expires if its holder dies).</summary>
public interface IRollupLease
{
    /// <summary>The lease for <paramref name="duration"/>, or null while another holder has it.</summary>
    Task<RollupLeaseHandle?> TryAcquireAsync(TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease; null when it was lost (expired and taken by another holder).</summary>
    Task<RollupLeaseHandle?> RenewAsync(RollupLeaseHandle handle, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up if it is still held with <paramref name="handle"/>.</summary>
    Task ReleaseAsync(RollupLeaseHandle handle, CancellationToken cancellationToken = default);
}
