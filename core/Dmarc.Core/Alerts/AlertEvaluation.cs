using Dmarc.Core.Accounts;
using Dmarc.Core.Monitoring;
using Microsoft.Extensions.Logging;

namespace Dmarc.Core.Alerts;

/// <summary>
/// The hourly alert run: delivers smart alerts a crash left pending, then asks every registered
/// <see cref="IAlertEvaluator"/> for events and fires them. A configurable type is evaluated for the
/// accounts that subscribe to it; a smart type (no subscriptions) for every account with monitored
/// domains whose edition has it, and its events go to the owners through <see cref="SmartAlerts"/>.
/// The evaluators' new states are stored after their events. Safe to run twice in a period or twice
/// at once: every delivery is keyed by its marker.
/// </summary>
public sealed partial class AlertEvaluation(
    IAlertSubscriptions subscriptions,
    IMonitoredDomains domains,
    IAccountStore accounts,
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
        IReadOnlyList<string>? monitoredAccounts = null;
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

                await KeepAsync(account.Key, findings, now, cancellationToken);
            }

            var smartTypes = evaluator.Types.Where(t => AlertRule.ByType[t].Kind == AlertKind.Smart).ToArray();
            if (smartTypes.Length == 0)
            {
                continue;
            }

            monitoredAccounts ??= [.. (await domains.ListAllAsync(cancellationToken)).Select(d => d.AccountId).Distinct(StringComparer.Ordinal)];
            foreach (var accountId in monitoredAccounts)
            {
                if (await accounts.GetAsync(accountId, cancellationToken) is not { } owner || !smartTypes.Any(t => AlertRule.ByType[t].Editions.Contains(owner.Edition)))
                {
                    continue;
                }

                var findings = await evaluator.EvaluateAsync(accountId, [], now, cancellationToken);
                foreach (var alert in findings.Events)
                {
                    await smart.RaiseAsync(alert, cancellationToken);
                    fired++;
                }

                await KeepAsync(accountId, findings, now, cancellationToken);
            }
        }

        LogRun(replayed, fired);
        return new AlertRunResult(replayed, fired);
    }

    private async Task KeepAsync(string accountId, AlertFindings findings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var state in findings.States)
        {
            await states.PutAsync(accountId, state.Key, state.Value, now, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert evaluation: {Replayed} pending smart alerts delivered, {Fired} alerts fired")]
    private partial void LogRun(int replayed, int fired);
}

/// <summary>What an alert run did.</summary>
public sealed record AlertRunResult(int SmartReplayed, int Fired);
