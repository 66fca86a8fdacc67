namespace Dmarc.Core.Alerts;

/// <summary>
/// Plug-in point of the hourly evaluation: an evaluator turns what it watches into alert events for
/// the subscriptions of its types. The rollup-based types (sender DMARC rate, new services,
/// suspicious sending, possible internal sender) register one each; an evaluator must be
/// edge-triggered (an event only for a change against the state it saw last) and build the same
/// event for the same change. The engine fires the events first and stores the new states after,
/// so a crash in between fires the same marker-keyed events again rather than losing them.
/// </summary>
public interface IAlertEvaluator
{
    IReadOnlySet<AlertType> Types { get; }

    /// <summary>The events and new states for the account's subscriptions of <see cref="Types"/> (all of them one account's).</summary>
    Task<AlertFindings> EvaluateAsync(string accountId, IReadOnlyList<AlertSubscription> subscriptions, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>What an evaluation found: the events to fire, then the states to keep for the next evaluation.</summary>
public sealed record AlertFindings(IReadOnlyList<AlertEvent> Events, IReadOnlyList<AlertState> States)
{
    public static AlertFindings None { get; } = new([], []);
}

/// <summary>An evaluator's state under one key of an account (see <see cref="IAlertStates"/>).</summary>
public sealed record AlertState(string Key, string Value);
