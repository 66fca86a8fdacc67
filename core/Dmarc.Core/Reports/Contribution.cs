using System.Security.Cryptography;
using System.Text;

namespace Dmarc.Core.Reports;

/// <summary>
/// What one report says about one source IP sending as one policy domain on one UTC day
/// (PRODUCT.md §4). Keyed by report, so storing it again replaces it instead of adding to it.
/// <see cref="Evidence"/> says what the sender is recognised by (bounded, see <see cref="EvidenceBuilder"/>).
/// </summary>
public sealed record Contribution(
    string PolicyDomain,
    DateOnly Day,
    string ReportKey,
    string SourceIp,
    long Total,
    long DmarcPass,
    long SpfAlignedPass,
    long DkimAlignedPass,
    long DispositionNone,
    long DispositionQuarantine,
    long DispositionReject)
{
    /// <summary>Header_from, DKIM and SPF identities with their results and alignment, largest first; empty when none was reported.</summary>
    public IReadOnlyList<AuthEvidence> Evidence { get; init; } = [];
}

/// <summary>Identity and per-day contributions of reports.</summary>
public static class ReportKeys
{
    /// <summary>The de-duplication key: reporting org + report id + policy domain + date range.</summary>
    public static string For(AggregateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var identity = string.Join('\n', report.OrgName.ToLowerInvariant(), report.ReportId, report.Policy.Domain, report.Begin.ToUnixTimeSeconds(), report.End.ToUnixTimeSeconds());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }
}

/// <summary>
/// Splits a report into daily buckets: a report within one UTC day (or with a zero-length range)
/// is one bucket; a longer one spreads each record's messages over the days by their share of
/// the range, rounding so that the parts add up to the whole.
/// </summary>
public static class DailyBuckets
{
    public static IReadOnlyList<Contribution> Split(AggregateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var key = ReportKeys.For(report);
        var shares = Shares(report.Begin, report.End);
        var rows = new Dictionary<(DateOnly, string), Contribution>();
        foreach (var record in report.Records)
        {
            var parts = Spread(record.Count, shares.Select(s => s.Share).ToArray());
            for (var i = 0; i < shares.Count; i++)
            {
                if (parts[i] == 0)
                {
                    continue;
                }

                var add = Counts(report.Policy, shares[i].Day, key, record, parts[i]);
                rows[(shares[i].Day, record.SourceIp)] = rows.TryGetValue((shares[i].Day, record.SourceIp), out var existing) ? Sum(existing, add) : add;
            }
        }

        return rows.Values.OrderBy(r => r.Day).ThenBy(r => r.SourceIp, StringComparer.Ordinal).ToArray();
    }

    internal static IReadOnlyList<(DateOnly Day, double Share)> Shares(DateTimeOffset begin, DateTimeOffset end)
    {
        var first = DateOnly.FromDateTime(begin.UtcDateTime);
        var last = DateOnly.FromDateTime(end.UtcDateTime);
        var total = (end - begin).TotalSeconds;
        if (first == last || total <= 0)
        {
            return [(first, 1.0)];
        }

        var shares = new List<(DateOnly, double)>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var from = dayStart > begin ? dayStart : begin;
            var to = dayStart.AddDays(1) < end ? dayStart.AddDays(1) : end;
            var seconds = (to - from).TotalSeconds;
            if (seconds > 0)
            {
                shares.Add((day, seconds / total));
            }
        }

        return shares;
    }

    /// <summary>Largest-remainder rounding: the parts are whole numbers that add up to the count.</summary>
    internal static long[] Spread(long count, double[] shares)
    {
        var exact = shares.Select(s => s * count).ToArray();
        var parts = exact.Select(e => (long)Math.Floor(e)).ToArray();
        var left = count - parts.Sum();
        foreach (var i in Enumerable.Range(0, shares.Length).OrderByDescending(i => exact[i] - parts[i]).ThenBy(i => i).Take((int)left))
        {
            parts[i]++;
        }

        return parts;
    }

    private static Contribution Counts(PublishedPolicy policy, DateOnly day, string key, ReportRecord record, long count)
    {
        var spf = record.Spf == "pass";
        var dkim = record.Dkim == "pass";
        return new Contribution(
            policy.Domain, day, key, record.SourceIp, count,
            spf || dkim ? count : 0,
            spf ? count : 0,
            dkim ? count : 0,
            record.Disposition is null or "none" or "pass" ? count : 0,
            record.Disposition == "quarantine" ? count : 0,
            record.Disposition == "reject" ? count : 0)
        {
            Evidence = [EvidenceBuilder.For(record, policy, count)],
        };
    }

    private static Contribution Sum(Contribution a, Contribution b) => a with
    {
        Total = a.Total + b.Total,
        DmarcPass = a.DmarcPass + b.DmarcPass,
        SpfAlignedPass = a.SpfAlignedPass + b.SpfAlignedPass,
        DkimAlignedPass = a.DkimAlignedPass + b.DkimAlignedPass,
        DispositionNone = a.DispositionNone + b.DispositionNone,
        DispositionQuarantine = a.DispositionQuarantine + b.DispositionQuarantine,
        DispositionReject = a.DispositionReject + b.DispositionReject,
        Evidence = EvidenceBuilder.Merge([.. a.Evidence, .. b.Evidence]),
    };
}
