using Microsoft.Extensions.Logging;

namespace Dmarc.Core.Alerts;

/// <summary>
/// The hourly alert run: delivers smart alerts a crash left pending, then asks every registered
/// <see cref="IAlertEvaluator"/> for events and fires them. Safe to run twice in a period or twice
/// at once: every delivery is keyed by its marker.
/// </summary>
public sealed partial class AlertEvaluation(
    IAlertSubscriptions subscriptions,
    SmartAlerts smart,
    ConfigurableAlerts configurable,
    IEnumerable<IAlertEvaluator> evaluators,
    IAlertStates states,
    TimeProvider time,
    ILogger<AlertEvaluation> logger)
{
    public async Task<AlertRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var replayed = await smart.DeliverPendingAsync(cancellationToken);
        var now = time.GetUtcNow();
        var fired = 0;
        var all = await subscriptions.ListAllAsync(cancellationToken);
        foreach (var evaluator in evaluators)
        {
            foreach (var account in all.Where(s => evaluator.Types.Contains(s.Type)).GroupBy(s => s.AccountId))
            {
                var subs = account.ToArray();
                var findings = await evaluator.EvaluateAsync(account.Key, subs, now, cancellationToken);
                foreach (var alert in findings.Events)
                {
                    fired += await configurable.FireAsync(alert, subs, cancellationToken);
                }

                foreach (var state in findings.States)
                {
                    await states.PutAsync(account.Key, state.Key, state.Value, now, cancellationToken);
                }
            }
        }

        LogRun(replayed, fired);
        return new AlertRunResult(replayed, fired);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert evaluation: {Replayed} pending smart alerts delivered, {Fired} configurable alerts fired")]
    private partial void LogRun(int replayed, int fired);
}

/// <summary>What an alert run did.</summary>
public sealed record AlertRunResult(int SmartReplayed, int Fired);
