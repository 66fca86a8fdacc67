using Dmarc.Core.Alerts;

namespace Dmarc.Core.ExecutiveReports;

/// <summary>A stored executive report: whose, which period, and when it was made.</summary>
public sealed record StoredExecutiveReport(string AccountId, string Id, AlertCadence Cadence, DateOnly From, DateOnly To, DateTimeOffset CreatedAt);

/// <summary>Port: the executive reports kept per account (a blob container: one self-contained HTML page each).</summary>
public interface IExecutiveReportArchive
{
    Task<bool> ExistsAsync(string accountId, string id, CancellationToken cancellationToken = default);

    /// <summary>Stores the report unless one with its id is there already (the first stands).</summary>
    Task AddAsync(StoredExecutiveReport report, string html, CancellationToken cancellationToken = default);

    /// <summary>Newest period first.</summary>
    Task<IReadOnlyList<StoredExecutiveReport>> ListAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>The page, or null when the account has no report with that id.</summary>
    Task<string?> GetHtmlAsync(string accountId, string id, CancellationToken cancellationToken = default);
}
