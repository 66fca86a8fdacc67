using Dmarc.Core.Accounts;

namespace Dmarc.Core.Alerts;

/// <summary>
/// Fires configurable alert events to the subscriptions they match: same account, type and domain
/// (or every domain), the subscription's sender if it names one, and only while the account's
/// edition still has the type (an edition change stops the alerts it no longer includes). Each
/// subscription fires at most once per cadence period per domain, sender and scope.
/// </summary>
public sealed class ConfigurableAlerts(IAccountStore accounts, AlertDelivery delivery)
{
    /// <summary>How many subscriptions got the event now (not counting those that had it this period already).</summary>
    public async Task<int> FireAsync(AlertEvent alert, IReadOnlyList<AlertSubscription> subscriptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(subscriptions);
        var account = await accounts.GetAsync(alert.AccountId, cancellationToken);
        if (account is null || !AlertRule.ByType[alert.Type].Editions.Contains(account.Edition))
        {
            return 0;
        }

        var fired = 0;
        foreach (var subscription in subscriptions.Where(s => Matches(s, alert)))
        {
            fired += await delivery.DeliverAsync(alert, subscription.Email, MarkerKey(subscription, alert), cancellationToken) ? 1 : 0;
        }

        return fired;
    }

    public static bool Matches(AlertSubscription subscription, AlertEvent alert)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(alert);
        return subscription.AccountId == alert.AccountId
            && subscription.Type == alert.Type
            && (alert.SubscriptionId is null || subscription.Id == alert.SubscriptionId)
            && (subscription.Domain is null || subscription.Domain == alert.Domain)
            && (subscription.Sender is null || subscription.Sender == alert.Sender);
    }

    /// <summary>Per subscription, type, domain, sender, scope and cadence period.</summary>
    public static string MarkerKey(AlertSubscription subscription, AlertEvent alert)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(alert);
        return string.Join('|', subscription.Id, alert.Type, alert.Domain ?? "-", alert.Sender ?? "-", alert.Scope, AlertPeriod.Of(subscription.Cadence, alert.At));
    }
}
