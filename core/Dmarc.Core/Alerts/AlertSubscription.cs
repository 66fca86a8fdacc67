namespace Dmarc.Core.Alerts;

/// <summary>
/// One subscription: who gets which alert for which domain (null: every domain of the account),
/// with the type's parameters: the sender and band of <see cref="AlertType.SenderDmarcRate"/>, the
/// unidentified-traffic percentage of <see cref="AlertType.SuspiciousSending"/>, and the cadence.
/// </summary>
public sealed record AlertSubscription(
    string Id,
    string AccountId,
    AlertType Type,
    string Email,
    string? Domain,
    string? Sender,
    RateBand? Band,
    int? Percentage,
    AlertCadence Cadence,
    DateTimeOffset CreatedAt);

/// <summary>A subscription as asked for, before it is checked.</summary>
public sealed record NewAlertSubscription(string? Type, string? Email, string? Domain = null, string? Sender = null, string? Band = null, int? Percentage = null, string? Cadence = null);

/// <summary>The smart alerts an account gets by itself: to its owners, for every domain.</summary>
public sealed record SmartAlert(AlertType Type, string Recipients);

/// <summary>Port: the account's subscriptions.</summary>
public interface IAlertSubscriptions
{
    Task AddAsync(AlertSubscription subscription, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AlertSubscription>> ListAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>Every account's subscriptions (the alert runs read them once per run).</summary>
    Task<IReadOnlyList<AlertSubscription>> ListAllAsync(CancellationToken cancellationToken = default);

    /// <summary>False when the account has no such subscription.</summary>
    Task<bool> DeleteAsync(string accountId, string id, CancellationToken cancellationToken = default);
}

/// <summary>What asking for a subscription gave.</summary>
public abstract record AlertSubscriptionResult
{
    private AlertSubscriptionResult()
    {
    }

    public sealed record Created(AlertSubscription Subscription) : AlertSubscriptionResult;

    public sealed record Invalid(Validation.ValidationErrors Errors) : AlertSubscriptionResult;

    /// <summary>The account's edition lacks the type; <paramref name="Edition"/> is the first that has it.</summary>
    public sealed record NotInEdition(AlertType Type, Accounts.Edition Current, Accounts.Edition Edition) : AlertSubscriptionResult;

    public sealed record UnknownAccount : AlertSubscriptionResult;
}
