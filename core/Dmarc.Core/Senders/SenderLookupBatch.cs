using Dmarc.Core.Reports;

namespace Dmarc.Core.Senders;

/// <summary>
/// One queue message of the <c>sender-lookups</c> queue: source IPs of one stored report to
/// classify for its policy domain. The worker reads each IP's evidence from the report's
/// contribution rows (domain, day, report, IP), so the message stays small.
/// </summary>
public sealed record SenderLookupBatch(string Domain, string ReportKey, IReadOnlyList<DateOnly> Days, IReadOnlyList<string> Ips)
{
    /// <summary>The most IPs one message may carry: 500 IPv6 addresses stay well inside a 64 KiB queue message.</summary>
    public const int MaxIps = 500;

    /// <summary>The report's distinct source IPs, <paramref name="batchSize"/> to a message.</summary>
    public static IReadOnlyList<SenderLookupBatch> For(IReadOnlyList<Contribution> contributions, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        ArgumentOutOfRangeException.ThrowIfNotEqual(batchSize is > 0 and <= MaxIps, true, nameof(batchSize));
        return contributions
            .GroupBy(c => (c.PolicyDomain, c.ReportKey))
            .SelectMany(report =>
            {
                var days = report.Select(c => c.Day).Distinct().Order().ToArray();
                return report.Select(c => c.SourceIp).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(batchSize)
                    .Select(ips => new SenderLookupBatch(report.Key.PolicyDomain, report.Key.ReportKey, days, ips));
            })
            .ToArray();
    }
}
