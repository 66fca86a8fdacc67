namespace Dmarc.Core.Rollup;

/// <summary>
/// A (domain, UTC day) whose daily summary must be computed again, and what asked for it
/// (<paramref name="Source"/>: the report key for ingestion, <see cref="Reclassified"/> for a
/// classification change). One row per (domain, day, source), so marks of different reports never conflict.
/// </summary>
public sealed record RollupMark(string Domain, DateOnly Day, string Source)
{
    public const string Reclassified = "reclassified";
}

/// <summary>A mark as read, with the version it had; clearing it succeeds only while it still has that version.</summary>
public sealed record PendingMark(RollupMark Mark, string Version);

/// <summary>The holder of the rollup lease and the version it holds it at.</summary>
public sealed record RollupLeaseHandle(string Owner, string Version);
