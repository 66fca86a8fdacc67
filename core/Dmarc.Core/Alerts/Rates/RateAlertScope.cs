using Dmarc.Core.Monitoring;
using Dmarc.Core.Rollup;

namespace Dmarc.Core.Alerts.Rates;

/// <summary>
/// What one evaluation of the rollup-based alerts reads, each once: the account's domains (for
/// subscriptions to every domain) and each domain's 30-day window ending today (UTC, by the
/// evaluation's clock), with the evaluator's last stored states.
/// </summary>
public sealed class RateAlertScope(IMonitoredDomains domains, RollupReader rollup, IAlertStates states, string accountId, DateTimeOffset now)
{
    private readonly Dictionary<string, RollupWindow> _windows = new(StringComparer.Ordinal);
    private IReadOnlyList<string>? _all;

    public string AccountId => accountId;

    public DateOnly Today => AlertPeriod.Day(now);

    /// <summary>When a change seen today took place, for the event: the start of today, so every evaluation of today builds the same event.</summary>
    public DateTimeOffset At => AlertPeriod.Start(Today);

    /// <summary>The domains a subscription watches: its own, or every domain of the account, by name.</summary>
    public async Task<IReadOnlyList<string>> DomainsAsync(AlertSubscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return subscription.Domain is { } one ? [one] : await AllDomainsAsync(cancellationToken);
    }

    /// <summary>Every domain of the account, by name.</summary>
    public async Task<IReadOnlyList<string>> AllDomainsAsync(CancellationToken cancellationToken = default)
    {
        _all ??= [.. (await domains.ListAsync(accountId, cancellationToken)).Select(d => d.Domain).Order(StringComparer.Ordinal)];
        return _all;
    }

    /// <summary>The daily summaries of the domain's window ending today, oldest first.</summary>
    public Task<IReadOnlyList<Rollup.DailySummary>> DaysAsync(string domain, CancellationToken cancellationToken = default) =>
        rollup.DaysAsync(domain, Today.AddDays(1 - RollupWindow.Days), Today, cancellationToken);

    public async Task<RollupWindow> WindowAsync(string domain, CancellationToken cancellationToken = default)
    {
        if (!_windows.TryGetValue(domain, out var window))
        {
            window = await rollup.WindowAsync(domain, Today, cancellationToken);
            _windows[domain] = window;
        }

        return window;
    }

    public Task<string?> StateAsync(string key, CancellationToken cancellationToken = default) => states.GetAsync(accountId, key, cancellationToken);
}

/// <summary>Builds a <see cref="RateAlertScope"/> per evaluation.</summary>
public sealed class RateAlertScopes(IMonitoredDomains domains, RollupReader rollup, IAlertStates states)
{
    public RateAlertScope For(string accountId, DateTimeOffset now) => new(domains, rollup, states, accountId, now);
}
