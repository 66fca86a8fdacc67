using System.Text.RegularExpressions;
using Dmarc.Core.Accounts;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Validation;

namespace Dmarc.Core.Alerts;

/// <summary>
/// Subscribes to alerts: the request is checked whole (type, address, domain of the account,
/// the type's parameters) and gated by the account's edition before anything is stored. Smart
/// alerts are not subscribed to: they go to the account's owners, as the listing shows.
/// </summary>
public sealed partial class AlertSubscriptionService(IAlertSubscriptions subscriptions, IAccountStore accounts, IMonitoredDomains domains, TimeProvider time)
{
    public const int MaxSubscriptionsPerAccount = 200;
    public const string OwnersRecipients = "the account's owners";

    public async Task<AlertSubscriptionResult> SubscribeAsync(string accountId, NewAlertSubscription request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var account = await accounts.GetAsync(accountId, cancellationToken);
        if (account is null)
        {
            return new AlertSubscriptionResult.UnknownAccount();
        }

        if (!Enum.TryParse<AlertType>(request.Type, ignoreCase: true, out var type) || !Enum.IsDefined(type) || int.TryParse(request.Type, out _))
        {
            return Invalid("type", $"Give one of: {string.Join(", ", Enum.GetNames<AlertType>())}.");
        }

        var rule = AlertRule.ByType[type];
        if (!rule.Editions.Contains(account.Edition))
        {
            return new AlertSubscriptionResult.NotInEdition(type, account.Edition, rule.LowestEdition);
        }

        if (rule.Kind == AlertKind.Smart)
        {
            return Invalid("type", $"{type} is a smart alert: it goes to {OwnersRecipients} by itself and is not subscribed to.");
        }

        var errors = new ValidationErrors();
        var email = EmailAddress.TryParse(request.Email, out var parsed) ? parsed!.Address : null;
        if (email is null)
        {
            errors.Add("email", "Give the e-mail address that receives the alert.");
        }

        var domain = await CheckDomainAsync(accountId, request.Domain, errors, cancellationToken);
        if (type == AlertType.ExecutiveReportReady && !string.IsNullOrWhiteSpace(request.Domain))
        {
            errors.Add("domain", "The executive report covers every domain of the account; leave 'domain' out.");
        }

        var cadence = Parse<AlertCadence>(request.Cadence, "cadence", rule.Cadences, AlertCadence.Daily, errors, type);
        var band = rule.Parameters.HasFlag(AlertParameters.Band) ? Parse<RateBand>(request.Band, "band", Enum.GetValues<RateBand>(), null, errors, type) : null;
        var sender = CheckSender(rule, request.Sender, errors);
        var percentage = CheckPercentage(rule, request.Percentage, errors);
        ForbidUnused(rule, request, errors);
        if (!errors.IsEmpty)
        {
            return new AlertSubscriptionResult.Invalid(errors);
        }

        if ((await subscriptions.ListAsync(accountId, cancellationToken)).Count >= MaxSubscriptionsPerAccount)
        {
            return Invalid("type", $"An account has at most {MaxSubscriptionsPerAccount} subscriptions; delete one first.");
        }

        var subscription = new AlertSubscription(NewId(), accountId, type, email!, domain, sender, band, percentage, cadence!.Value, time.GetUtcNow());
        await subscriptions.AddAsync(subscription, cancellationToken);
        return new AlertSubscriptionResult.Created(subscription);
    }

    /// <summary>The smart alerts of the account's edition (null for an unknown account).</summary>
    public async Task<IReadOnlyList<SmartAlert>?> SmartAlertsAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var account = await accounts.GetAsync(accountId, cancellationToken);
        return account is null
            ? null
            : [.. AlertRule.ByType.Values.Where(r => r.Kind == AlertKind.Smart && r.Editions.Contains(account.Edition)).Select(r => new SmartAlert(r.Type, OwnersRecipients))];
    }

    public Task<IReadOnlyList<AlertSubscription>> ListAsync(string accountId, CancellationToken cancellationToken = default) =>
        subscriptions.ListAsync(accountId, cancellationToken);

    public Task<bool> DeleteAsync(string accountId, string id, CancellationToken cancellationToken = default) =>
        subscriptions.DeleteAsync(accountId, id, cancellationToken);

    private async Task<string?> CheckDomainAsync(string accountId, string? domain, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(domain))
        {
            return null;
        }

        var name = DnsNames.Normalize(domain);
        if (name is null || await domains.GetAsync(name, cancellationToken) is not { } found || found.AccountId != accountId)
        {
            errors.Add("domain", $"'{Shorten(domain)}' is not a monitored domain of this account; leave it out for every domain.");
            return null;
        }

        return name;
    }

    private static T? Parse<T>(string? value, string field, IReadOnlyList<T> allowed, T? fallback, ValidationErrors errors, AlertType type)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value) && fallback is not null)
        {
            return fallback;
        }

        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && !int.TryParse(value, out _) && allowed.Contains(parsed))
        {
            return parsed;
        }

        errors.Add(field, $"{type} takes a {field} of: {string.Join(", ", allowed)}.");
        return null;
    }

    private static string? CheckSender(AlertRule rule, string? sender, ValidationErrors errors)
    {
        if (!rule.Parameters.HasFlag(AlertParameters.Sender))
        {
            return null;
        }

        if (sender is null || !SenderId().IsMatch(sender))
        {
            errors.Add("sender", $"{rule.Type} needs the sender's id as the senders list gives it (for example service_sendgrid).");
            return null;
        }

        return sender;
    }

    private static int? CheckPercentage(AlertRule rule, int? percentage, ValidationErrors errors)
    {
        if (!rule.Parameters.HasFlag(AlertParameters.Percentage))
        {
            return null;
        }

        if (percentage is not (>= 1 and <= 100))
        {
            errors.Add("percentage", $"{rule.Type} needs the unidentified share that raises it, a whole percentage from 1 to 100.");
            return null;
        }

        return percentage;
    }

    /// <summary>A parameter the type does not take is refused rather than silently dropped.</summary>
    private static void ForbidUnused(AlertRule rule, NewAlertSubscription request, ValidationErrors errors)
    {
        if (request.Sender is not null && !rule.Parameters.HasFlag(AlertParameters.Sender))
        {
            errors.Add("sender", $"{rule.Type} takes no sender.");
        }

        if (request.Band is not null && !rule.Parameters.HasFlag(AlertParameters.Band))
        {
            errors.Add("band", $"{rule.Type} takes no band.");
        }

        if (request.Percentage is not null && !rule.Parameters.HasFlag(AlertParameters.Percentage))
        {
            errors.Add("percentage", $"{rule.Type} takes no percentage.");
        }
    }

    private static AlertSubscriptionResult.Invalid Invalid(string field, string message) => new(ValidationErrors.Of(field, message));

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";

    private static string NewId() => "alert_" + Guid.NewGuid().ToString("N")[..20];

    [GeneratedRegex("^[a-z0-9][a-z0-9_.:-]{0,199}$")]
    private static partial Regex SenderId();
}
