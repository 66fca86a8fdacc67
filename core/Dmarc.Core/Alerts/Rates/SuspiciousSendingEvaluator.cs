using System.Globalization;
using Dmarc.Core.Reports;
using Dmarc.Core.Senders;

namespace Dmarc.Core.Alerts.Rates;

/// <summary>
/// Suspicious sending: per subscription and domain, whether unidentified traffic is at or above the
/// subscription's percentage of the domain's 30-day volume while the domain is at <c>p=none</c>.
/// The policy is the one the newest report of the domain says the receiver found (its published
/// <c>p</c>: one header and one stored report read per domain and run), so it needs no DNS read per hour. The alert fires when the state goes from below to
/// at-or-above; staying above raises nothing, and dropping below re-arms it. The first evaluation
/// of a (subscription, domain) only stores its baseline.
/// </summary>
public sealed class SuspiciousSendingEvaluator(RateAlertScopes scopes, NewestPolicy newest) : IAlertEvaluator
{
    private const string Above = "above";
    private const string Below = "below";

    public IReadOnlySet<AlertType> Types { get; } = new HashSet<AlertType> { AlertType.SuspiciousSending };

    public async Task<AlertFindings> EvaluateAsync(string accountId, IReadOnlyList<AlertSubscription> subscriptions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var scope = scopes.For(accountId, now);
        var policies = new Dictionary<string, string?>(StringComparer.Ordinal);
        var events = new List<AlertEvent>();
        var states = new List<AlertState>();
        foreach (var subscription in subscriptions.Where(s => s.Type == AlertType.SuspiciousSending && s.Percentage is not null))
        {
            foreach (var domain in await scope.DomainsAsync(subscription, cancellationToken))
            {
                var window = await scope.WindowAsync(domain, cancellationToken);
                var total = window.Total.Messages;
                var unidentified = window.Sender(SenderClassification.UnidentifiedId)?.Counts.Messages ?? 0;
                if (!policies.TryGetValue(domain, out var policy))
                {
                    policy = await PolicyAsync(accountId, domain, cancellationToken);
                    policies[domain] = policy;
                }

                var state = policy == "none" && total > 0 && unidentified * 100 >= subscription.Percentage!.Value * total ? Above : Below;
                var key = string.Join('|', AlertType.SuspiciousSending, subscription.Id, domain);
                var before = await scope.StateAsync(key, cancellationToken);
                if (before == Below && state == Above)
                {
                    events.Add(Event(scope, subscription, domain, unidentified, total));
                }

                if (before != state)
                {
                    states.Add(new AlertState(key, state));
                }
            }
        }

        return new AlertFindings(events, states);
    }

    private async Task<string?> PolicyAsync(string accountId, string domain, CancellationToken cancellationToken) =>
        (await newest.OfAsync(accountId, domain, cancellationToken))?.P?.Trim().ToLowerInvariant();

    private static AlertEvent Event(RateAlertScope scope, AlertSubscription subscription, string domain, long unidentified, long total)
    {
        var share = Math.Round(100.0 * unidentified / total, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture);
        return new AlertEvent(
            AlertType.SuspiciousSending, scope.AccountId, domain, SenderClassification.UnidentifiedId, "unidentified",
            $"Unidentified senders sent {share} % of the mail as {domain} in the last 30 days ({unidentified} of {total} messages), at or above your {subscription.Percentage} % threshold, while the domain is at p=none.",
            $"below {subscription.Percentage} %", $"{share} % ({unidentified} of {total} messages)",
            $"Look at the unidentified IPs in GET /api/domains/{domain}/senders: approve what is yours, and move the policy to quarantine or reject so receivers stop delivering mail you did not send.",
            scope.At) { SubscriptionId = subscription.Id };
    }
}
