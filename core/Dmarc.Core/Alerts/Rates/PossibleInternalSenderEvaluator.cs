using System.Globalization;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;

namespace Dmarc.Core.Alerts.Rates;

/// <summary>
/// Possible internal sender (smart, to the owners): per domain, the unidentified IPs that sent more
/// than <see cref="SharePercent"/> % of the domain's unidentified messages in the 30-day window. The
/// per-IP volumes are the unidentified IPs the daily summaries keep (<see cref="SenderDay.Ips"/>, at
/// most the largest thousand a day), summed over at most 30 summaries; the share is taken of the
/// whole unidentified volume. An IP that joins the set fires one event (scope: IP and day, so the
/// smart marker sends it once); staying in it raises nothing, leaving it re-arms it. The first
/// evaluation of a domain only stores its baseline.
/// </summary>
public sealed class PossibleInternalSenderEvaluator(RateAlertScopes scopes) : IAlertEvaluator
{
    public const int SharePercent = 10;

    public IReadOnlySet<AlertType> Types { get; } = new HashSet<AlertType> { AlertType.PossibleInternalSender };

    public async Task<AlertFindings> EvaluateAsync(string accountId, IReadOnlyList<AlertSubscription> subscriptions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var scope = scopes.For(accountId, now);
        var events = new List<AlertEvent>();
        var states = new List<AlertState>();
        foreach (var domain in await scope.AllDomainsAsync(cancellationToken))
        {
            var unidentified = (await scope.DaysAsync(domain, cancellationToken))
                .SelectMany(d => d.Senders)
                .Where(s => s.SenderId == SenderClassification.UnidentifiedId)
                .ToArray();
            var total = unidentified.Sum(s => s.Counts.Messages);
            var above = unidentified.SelectMany(s => s.Ips)
                .GroupBy(i => i.Ip, StringComparer.Ordinal)
                .Select(g => new IpVolume(g.Key, g.Sum(i => i.Messages)))
                .Where(i => i.Messages * 100 > SharePercent * total)
                .OrderBy(i => i.Ip, StringComparer.Ordinal)
                .ToArray();
            var state = string.Join('\n', above.Select(i => i.Ip));
            var key = string.Join('|', AlertType.PossibleInternalSender, domain);
            var before = await scope.StateAsync(key, cancellationToken);
            if (before is not null)
            {
                var known = before.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                events.AddRange(above.Where(i => !known.Contains(i.Ip)).Select(i => Event(scope, domain, i, total)));
            }

            if (before != state)
            {
                states.Add(new AlertState(key, state));
            }
        }

        return new AlertFindings(events, states);
    }

    private static AlertEvent Event(RateAlertScope scope, string domain, IpVolume ip, long total)
    {
        var share = Math.Round(100.0 * ip.Messages / total, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture);
        return new AlertEvent(
            AlertType.PossibleInternalSender, scope.AccountId, domain, SenderClassification.UnidentifiedId,
            string.Join('|', ip.Ip, scope.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            $"The unidentified IP {ip.Ip} sent {share} % of the unidentified mail as {domain} in the last 30 days ({ip.Messages} of {total} messages): it may be a server of your own.",
            $"at most {SharePercent} % of the unidentified mail", $"{ip.Ip}: {share} % ({ip.Messages} of {total} messages)",
            $"If {ip.Ip} is one of your servers, add it to the SPF record of {domain} or sign its mail with DKIM for {domain}; if it is not, it is spoofing your domain, and an enforced policy (quarantine or reject) stops it.",
            scope.At);
    }
}
