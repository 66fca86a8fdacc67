using Dmarc.Core.Accounts;
using Microsoft.Extensions.Logging;

namespace Dmarc.Core.Alerts;

/// <summary>
/// Raises smart alerts: to the account's owners (and, for a personal MFA change, to that user),
/// if the account's edition has the type. The event is kept as pending before delivery and removed
/// after it, so the hourly evaluation delivers what a crash left behind; delivery is keyed by the
/// event's scope, so a replay sends nothing twice.
/// </summary>
public sealed partial class SmartAlerts(IAccountStore accounts, IPendingAlertEvents pending, AlertDelivery delivery, ILogger<SmartAlerts> logger)
{
    public async Task RaiseAsync(AlertEvent alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var id = PendingId(alert);
        await pending.AddAsync(id, alert, cancellationToken);
        try
        {
            await DeliverAsync(id, alert, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change is stored already; the pending event is delivered by the hourly evaluation.
            LogLeftPending(ex, alert.Type, alert.AccountId);
        }
    }

    /// <summary>Delivers the events a crash left pending; returns how many.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken = default)
    {
        var left = await pending.ListAsync(cancellationToken);
        foreach (var (id, alert) in left)
        {
            await DeliverAsync(id, alert, cancellationToken);
        }

        return left.Count;
    }

    private async Task DeliverAsync(string id, AlertEvent alert, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(alert.AccountId, cancellationToken);
        if (account is not null && AlertRule.ByType[alert.Type].Editions.Contains(account.Edition))
        {
            var recipients = account.OwnerEmails.Append(alert.User).OfType<string>().Select(e => e.ToLowerInvariant()).Distinct(StringComparer.Ordinal);
            foreach (var recipient in recipients)
            {
                await delivery.DeliverAsync(alert, recipient, MarkerKey(alert, recipient), cancellationToken);
            }
        }
        else
        {
            LogNotInEdition(alert.Type, alert.AccountId);
        }

        await pending.RemoveAsync(id, cancellationToken);
    }

    /// <summary>Per smart recipient, type, domain and the change itself (a smart alert's "period" is its change).</summary>
    public static string MarkerKey(AlertEvent alert, string recipient)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return string.Join('|', "smart", recipient, alert.Type, alert.Domain ?? "-", alert.Scope);
    }

    private static string PendingId(AlertEvent alert) => string.Join('|', alert.AccountId, alert.Type, alert.Domain ?? "-", alert.Scope);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Smart alert {Type} for account {AccountId} could not be delivered now; it stays pending for EvaluateAlerts")]
    private partial void LogLeftPending(Exception exception, AlertType type, string accountId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Smart alert {Type} for account {AccountId} not sent: the account or its edition has no such alert")]
    private partial void LogNotInEdition(AlertType type, string accountId);
}
