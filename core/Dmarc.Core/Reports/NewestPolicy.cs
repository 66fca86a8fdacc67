namespace Dmarc.Core.Reports;

/// <summary>
/// The DMARC policy a domain publishes, as the receiver of its newest stored report found it (one
/// header and one stored report read), so readers need no DNS lookup. Null when the domain has no report.
/// </summary>
public sealed class NewestPolicy(IReportStore reports)
{
    public async Task<PublishedPolicy?> OfAsync(string accountId, string domain, CancellationToken cancellationToken = default)
    {
        var (newest, _) = await reports.ListAsync(accountId, domain, null, null, 1, null, cancellationToken);
        var report = newest.Count == 0 ? null : await reports.GetAsync(accountId, newest[0].Key, cancellationToken);
        return report?.Report.Policy;
    }
}
