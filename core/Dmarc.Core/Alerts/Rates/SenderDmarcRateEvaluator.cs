using System.Globalization;
using Dmarc.Core.Rollup;

namespace Dmarc.Core.Alerts.Rates;

/// <summary>
/// Sender DMARC rate: per subscription and domain, the band of the subscribed sender's 30-day DMARC
/// pass rate (<see cref="PassBands"/>, decided on the exact ratio), or <c>absent</c> while the
/// window holds none of its mail. The alert fires when the band goes from another band (or absent)
/// to the subscription's band; staying in it raises nothing, and leaving it re-arms it. The first
/// evaluation of a (subscription, domain) only stores its baseline.
/// </summary>
public sealed class SenderDmarcRateEvaluator(RateAlertScopes scopes) : IAlertEvaluator
{
    private const string Absent = "absent";

    public IReadOnlySet<AlertType> Types { get; } = new HashSet<AlertType> { AlertType.SenderDmarcRate };

    public async Task<AlertFindings> EvaluateAsync(string accountId, IReadOnlyList<AlertSubscription> subscriptions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var scope = scopes.For(accountId, now);
        var events = new List<AlertEvent>();
        var states = new List<AlertState>();
        foreach (var subscription in subscriptions.Where(s => s is { Type: AlertType.SenderDmarcRate, Sender: not null, Band: not null }))
        {
            foreach (var domain in await scope.DomainsAsync(subscription, cancellationToken))
            {
                var sender = (await scope.WindowAsync(domain, cancellationToken)).Sender(subscription.Sender!);
                var state = sender is null ? Absent : sender.Counts.Band.ToString();
                var key = string.Join('|', AlertType.SenderDmarcRate, subscription.Id, domain);
                var before = await scope.StateAsync(key, cancellationToken);
                if (before is not null && before != state && sender is not null && state == subscription.Band!.Value.ToString())
                {
                    events.Add(Event(scope, subscription, domain, before, sender));
                }

                if (before != state)
                {
                    states.Add(new AlertState(key, state));
                }
            }
        }

        return new AlertFindings(events, states);
    }

    private static AlertEvent Event(RateAlertScope scope, AlertSubscription subscription, string domain, string before, SenderWindow sender)
    {
        var rate = sender.Counts.DmarcPassRate.ToString("0.0", CultureInfo.InvariantCulture);
        var after = $"{sender.Counts.Band} ({rate} % of {sender.Counts.Messages} messages passed DMARC)";
        return new AlertEvent(
            AlertType.SenderDmarcRate, scope.AccountId, domain, sender.SenderId, "band:" + sender.Counts.Band,
            $"{sender.Name} ({sender.SenderId}) sending as {domain} entered the {sender.Counts.Band} band: {rate} % of its mail passed DMARC in the last 30 days.",
            before == Absent ? "no mail in the window" : before, after,
            sender.Counts.Band == Senders.PassBand.Passing
                ? "Nothing to fix: the sender authenticates. If you are moving towards p=reject, this sender is ready."
                : $"Check the sender's SPF include and DKIM signing for {domain} (GET /api/domains/{domain}/senders shows its SPF and DKIM aligned rates); failing mail is rejected once the policy is enforced.",
            scope.At) { SubscriptionId = subscription.Id };
    }
}
