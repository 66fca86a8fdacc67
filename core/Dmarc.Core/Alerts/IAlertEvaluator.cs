namespace Dmarc.Core.Alerts;

/// <summary>
/// Plug-in point of the hourly evaluation: an evaluator turns what it watches into alert events for
/// the subscriptions of its types. The rollup-based types (sender DMARC rate, new services,
/// suspicious sending, possible internal sender) register one each; an evaluator must be
/// edge-triggered (an event only for a change) and build the same event for the same change.
/// </summary>
public interface IAlertEvaluator
{
    IReadOnlySet<AlertType> Types { get; }

    /// <summary>The events for the account's subscriptions of <see cref="Types"/> (all of them one account's).</summary>
    Task<IReadOnlyList<AlertEvent>> EvaluateAsync(string accountId, IReadOnlyList<AlertSubscription> subscriptions, DateTimeOffset now, CancellationToken cancellationToken = default);
}
