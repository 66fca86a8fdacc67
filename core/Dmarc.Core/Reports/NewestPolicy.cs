namespace Dmarc.Core.Reports;

/// <summary>
/// The DMARC policy a domain publishes, as the receiver of its newest stored report found it, so
/// readers need no DNS lookup: <c>p</c> and <c>pct</c> from the report's header (one query); only a
/// header without <c>p</c> (written before headers kept it) costs a read of the stored report. Null
/// when the domain has no report.
/// </summary>
public sealed class NewestPolicy(IReportStore reports)
{
    public async Task<PublishedPolicy?> OfAsync(string accountId, string domain, CancellationToken cancellationToken = default)
    {
        var (newest, _) = await reports.ListAsync(accountId, domain, null, null, 1, null, cancellationToken);
        if (newest.Count == 0)
        {
            return null;
        }

        if (newest[0].Report.Policy.P is not null)
        {
            return newest[0].Report.Policy;
        }

        return (await reports.GetAsync(accountId, newest[0].Key, cancellationToken))?.Report.Policy;
    }
}
