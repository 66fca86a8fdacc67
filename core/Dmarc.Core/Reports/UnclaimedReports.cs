using Microsoft.Extensions.Logging;

namespace Dmarc.Core.Reports;

/// <summary>
/// Reports that arrived before anyone claimed their domain wait under <see cref="StoredReport.Unclaimed"/>.
/// When an account claims the domain (adding or verifying it, confirming a sign-up, enabling
/// monitoring), they move to that account, so a report is listed in one place only. Each move
/// writes under the account and then deletes the unclaimed row; calling this again after a failure
/// moves what is left.
/// </summary>
public sealed partial class UnclaimedReports(IReportStore reports, ILogger<UnclaimedReports> logger)
{
    private const int PageSize = 100;

    /// <summary>Moves every unclaimed report of the policy domain to the account; returns how many moved.</summary>
    public async Task<int> MoveToAsync(string domain, string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        if (accountId == StoredReport.Unclaimed)
        {
            return 0;
        }

        var moved = 0;
        string? continuation = null;
        do
        {
            // The service may answer short or empty pages; read on until there is no continuation.
            var (page, next) = await reports.ListAsync(StoredReport.Unclaimed, domain, null, null, PageSize, continuation, cancellationToken);
            foreach (var report in page)
            {
                await reports.MoveAsync(report.Key, StoredReport.Unclaimed, accountId, cancellationToken);
                moved++;
            }

            continuation = next;
        }
        while (continuation is not null);

        if (moved > 0)
        {
            LogMoved(moved, domain, accountId);
        }

        return moved;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} unclaimed reports of {Domain} to {AccountId}")]
    private partial void LogMoved(int count, string domain, string accountId);
}
