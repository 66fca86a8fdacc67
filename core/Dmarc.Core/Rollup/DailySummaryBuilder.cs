using Dmarc.Core.Reports;
using Dmarc.Core.Senders;

namespace Dmarc.Core.Rollup;

/// <summary>
/// Builds one (domain, day) summary from that day's contributions: each source IP is grouped by
/// its stored classification (sender ids as the senders API has them), IPs without one count as
/// unidentified (their messages per IP kept, see <see cref="SenderDay.Ips"/>), and each IP's country is the classification's, else <paramref name="country"/>'s answer.
/// </summary>
public static class DailySummaryBuilder
{
    public static DailySummary Build(
        string domain,
        DateOnly day,
        IEnumerable<Contribution> contributions,
        IReadOnlyDictionary<string, SenderClassification> classes,
        Func<string, string?> country,
        DateTimeOffset computedAt)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(country);
        var senders = contributions
            .Where(c => c.Day == day)
            .Select(c => (Row: c, Class: classes.GetValueOrDefault(c.SourceIp)))
            .GroupBy(r => r.Class is { Class: not SenderClass.Unidentified } known ? known.SenderId : SenderClassification.UnidentifiedId, StringComparer.Ordinal)
            .Select(g =>
            {
                var known = g.Select(r => r.Class).FirstOrDefault(c => c is { Class: not SenderClass.Unidentified });
                var countries = g
                    .Select(r => (Country: r.Class?.Facts.Country ?? country(r.Row.SourceIp), r.Row.Total))
                    .Where(r => r.Country is not null)
                    .GroupBy(r => r.Country!, StringComparer.Ordinal)
                    .Select(c => new CountryVolume(c.Key, c.Sum(r => r.Total)))
                    .OrderByDescending(c => c.Messages).ThenBy(c => c.Country, StringComparer.Ordinal)
                    .ToArray();
                return new SenderDay(
                    g.Key,
                    known?.Class ?? SenderClass.Unidentified,
                    known?.SenderName ?? "Unidentified",
                    g.Aggregate(RollupCounts.Zero, (sum, r) => sum.Add(RollupCounts.Of(r.Row))),
                    countries)
                {
                    Ips = g.Key == SenderClassification.UnidentifiedId ? Ips(g.Select(r => r.Row)) : [],
                };
            })
            .OrderByDescending(s => s.Counts.Messages).ThenBy(s => s.SenderId, StringComparer.Ordinal)
            .ToArray();
        return new DailySummary(domain, day, senders, computedAt);
    }

    private static IpVolume[] Ips(IEnumerable<Contribution> rows) =>
        [.. rows.GroupBy(r => r.SourceIp, StringComparer.Ordinal)
            .Select(ip => new IpVolume(ip.Key, ip.Sum(r => r.Total)))
            .OrderByDescending(ip => ip.Messages).ThenBy(ip => ip.Ip, StringComparer.Ordinal)
            .Take(SenderDay.MaxIps)];
}
