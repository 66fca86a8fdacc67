namespace Dmarc.Core.Reports.Reprocessing;

/// <summary>
/// Which archived reports a reprocess run re-derives: those whose date range overlaps
/// <paramref name="From"/>..<paramref name="To"/> (UTC days, both included), of <paramref name="Domain"/>,
/// routed to <paramref name="Account"/>; every unset part matches all. A dry run counts what it would rewrite and writes nothing.
/// </summary>
public sealed record ReprocessScope(DateOnly? From = null, DateOnly? To = null, string? Domain = null, string? Account = null, bool DryRun = false)
{
    public bool Includes(AggregateReport report, string accountId)
    {
        ArgumentNullException.ThrowIfNull(report);
        return (Domain is null || string.Equals(report.Policy.Domain, Domain, StringComparison.OrdinalIgnoreCase))
            && (Account is null || accountId == Account)
            && (From is null || DateOnly.FromDateTime(report.End.UtcDateTime) >= From)
            && (To is null || DateOnly.FromDateTime(report.Begin.UtcDateTime) <= To);
    }
}

/// <summary>What one page of a reprocess run did; <paramref name="Next"/> is where the next page starts, null at the end.</summary>
public sealed record ReprocessPage(int Documents, int Reports, int Rewritten, int Unreadable, string? Next);

/// <summary>Port: the archive of raw documents, listed in name order one page at a time and read as a stream.</summary>
public interface IArchive
{
    Task<(IReadOnlyList<string> Names, string? Next)> ListAsync(string? cursor, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>The archived document as a stream read once; null when it is gone.</summary>
    Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken = default);
}
