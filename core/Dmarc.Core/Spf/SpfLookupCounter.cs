using Dmarc.Core.Alerts;
using Dmarc.Core.Records;

namespace Dmarc.Core.Spf;

/// <summary>The DNS lookups an SPF record costs, or why they could not be counted.</summary>
public sealed record SpfLookups(int Count, string? Problem, IReadOnlyList<string> Path);

/// <summary>
/// Counts the DNS lookups an SPF evaluation makes (RFC 7208 §4.6.4: include, a, mx, ptr, exists
/// and redirect count one each, and an include's own terms count too) by resolving every include
/// and redirect through DNS. Counting stops once it passes <see cref="Limit"/>; an include that
/// does not answer or has no single valid SPF record is a problem, since receivers then fail the
/// whole record.
/// </summary>
public sealed class SpfLookupCounter(IRecordLookup dns)
{
    public const int Limit = 10;

    public async Task<SpfLookups> CountAsync(SpfRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var path = new List<string>();
        var count = 0;
        string? problem = null;

        async Task WalkAsync(SpfRecord current, IReadOnlySet<string> ancestors)
        {
            count += current.OwnLookups;
            foreach (var domain in current.IncludedDomains)
            {
                if (count > Limit || problem is not null)
                {
                    return;
                }

                path.Add(domain);
                if (ancestors.Contains(domain))
                {
                    problem = $"include:{domain} loops back on itself.";
                    return;
                }

                var txt = await dns.TxtAsync(domain, cancellationToken);
                if (txt is null)
                {
                    problem = $"{domain} did not answer, so the lookups cannot be counted; try again later.";
                    return;
                }

                var spf = txt.Where(SpfRecord.IsSpf).ToArray();
                string? error = null;
                if (spf.Length != 1 || !SpfRecord.TryParse(spf[0], out var included, out error))
                {
                    problem = spf.Length == 0
                        ? $"{domain} has no SPF record, so receivers fail every include of it (RFC 7208 §5.2)."
                        : $"{domain} does not have one valid SPF record ({(spf.Length > 1 ? $"{spf.Length} records" : error)}).";
                    return;
                }

                await WalkAsync(included, new HashSet<string>(ancestors, StringComparer.Ordinal) { domain });
            }
        }

        await WalkAsync(record, new HashSet<string>(StringComparer.Ordinal));
        return new SpfLookups(count, problem, path);
    }
}
