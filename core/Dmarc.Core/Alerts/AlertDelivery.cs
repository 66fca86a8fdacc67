using System.Security.Cryptography;
using System.Text;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Alerts;

/// <summary>
/// Sends one alert to one recipient, at most once per marker key. Every step is keyed by the marker
/// key, so running it again, or twice at once, adds nothing: the e-mail is kept in the outbox under
/// the key (the first copy stands), the notification has an id and time fixed by the key and the
/// event, the marker is inserted once, then the outbox sends the message once. If the SMTP server is
/// down the message stays pending and the SendOutbox timer sends it later.
/// </summary>
public sealed partial class AlertDelivery(
    IAlertMarkers markers,
    IEmailOutbox outbox,
    INotificationStore notifications,
    IOptions<MonitoringOptions> options,
    TimeProvider time,
    ILogger<AlertDelivery> logger)
{
    public const string NotificationKind = "Alert";

    /// <summary>The outbox key of the alert e-mail with this marker key.</summary>
    public static string EmailKey(string accountId, string markerKey) => "alert-" + Hash(accountId + "\n" + markerKey);

    /// <summary>False when the marker says the alert fired already (nothing is done then).</summary>
    public async Task<bool> DeliverAsync(AlertEvent alert, string recipient, string markerKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        if (await markers.ExistsAsync(alert.AccountId, markerKey, cancellationToken))
        {
            return false;
        }

        var key = EmailKey(alert.AccountId, markerKey);
        var link = options.Value.ReportingUiUrl;
        var message = alert.Message is { } composed ? composed with { To = [recipient] } : AlertMessages.Compose(alert, [recipient], link);
        await outbox.AddAsync(key, message, cancellationToken);
        await notifications.AddAsync(new Notification("ntf_" + key, alert.AccountId, NotificationKind, AlertMessages.Subject(alert), $"To: {recipient}\n{AlertMessages.Body(alert)}", link, alert.At), cancellationToken);
        var first = await markers.TryAddAsync(alert.AccountId, markerKey, time.GetUtcNow(), cancellationToken);
        var sent = await outbox.DeliverAsync(key, cancellationToken);
        if (first)
        {
            Telemetry.DmarcTelemetry.AlertsSent.Add(1, Telemetry.DmarcTelemetry.Tag("type", alert.Type.ToString()));
        }

        LogDelivered(alert.Type, alert.AccountId, alert.Domain, first, sent);
        return first;
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Type} for account {AccountId}, domain {Domain}: marker new {First}, sent now {Sent}")]
    private partial void LogDelivered(AlertType type, string accountId, string? domain, bool first, bool sent);
}
