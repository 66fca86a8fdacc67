namespace Dmarc.Core.Alerts;

/// <summary>
/// Port: the last state a rollup-based evaluator saw, per account and key (the subscription, or the
/// domain for states shared by every subscription). A transition is the difference between this
/// state and the state seen now; the state is stored after the alerts it caused were fired, so a
/// crash between the two fires the same (marker-keyed) event again instead of losing it.
/// </summary>
public interface IAlertStates
{
    /// <summary>The stored state, or null when the key has none yet (the first evaluation only sets the baseline).</summary>
    Task<string?> GetAsync(string accountId, string key, CancellationToken cancellationToken = default);

    /// <summary>Replaces the state (at most <see cref="MaxLength"/> characters).</summary>
    Task PutAsync(string accountId, string key, string state, DateTimeOffset at, CancellationToken cancellationToken = default);

    public const int MaxLength = 30_000;
}
