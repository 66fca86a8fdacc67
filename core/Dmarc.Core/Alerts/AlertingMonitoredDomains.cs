using Dmarc.Core.Monitoring;

namespace Dmarc.Core.Alerts;

/// <summary>
/// The monitored-domains registry with the Domain added / Domain deleted smart alerts: every way a
/// domain joins or leaves an account (adding it, proving it, sign-up, enabling and disabling
/// monitoring) goes through the registry, so the alerts are raised here, after the change is stored.
/// A write of the same registration again raises the same event, which is delivered once.
/// </summary>
public sealed class AlertingMonitoredDomains(IMonitoredDomains inner, SmartAlerts alerts, TimeProvider time) : IMonitoredDomains
{
    public Task<MonitoredDomain?> GetAsync(string domain, CancellationToken cancellationToken = default) => inner.GetAsync(domain, cancellationToken);

    public Task<IReadOnlyList<MonitoredDomain>> ListAsync(string accountId, CancellationToken cancellationToken = default) => inner.ListAsync(accountId, cancellationToken);

    public Task<IReadOnlyList<MonitoredDomain>> ListAllAsync(CancellationToken cancellationToken = default) => inner.ListAllAsync(cancellationToken);

    public async Task UpsertAsync(MonitoredDomain domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        await UpsertAsync(domain, await inner.GetAsync(domain.Domain, cancellationToken), cancellationToken);
    }

    public async Task UpsertAsync(MonitoredDomain domain, MonitoredDomain? before, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        await inner.UpsertAsync(domain, cancellationToken);
        if (before is not null && before.AccountId != domain.AccountId)
        {
            await alerts.RaiseAsync(Deleted(before, time.GetUtcNow()), cancellationToken);
        }

        // Raised again when the same registration is written again (a retry after the registry write
        // succeeded and raising failed): the event is keyed by the registration's time, so it is
        // delivered once.
        if (before?.AccountId != domain.AccountId || before.Since == domain.Since)
        {
            await alerts.RaiseAsync(Added(domain), cancellationToken);
        }
    }

    public async Task<bool> TryClaimAsync(MonitoredDomain domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var before = await inner.GetAsync(domain.Domain, cancellationToken);
        var claimed = await inner.TryClaimAsync(domain, cancellationToken);
        if (claimed && before is null)
        {
            await alerts.RaiseAsync(Added(domain), cancellationToken);
        }
        else if (before is not null && before.AccountId == domain.AccountId)
        {
            // The same claim again (a client's retry after the claim was stored and raising failed):
            // the registration as stored raises the same event, delivered once.
            await alerts.RaiseAsync(Added(before), cancellationToken);
        }

        return claimed;
    }

    public async Task RemoveAsync(string domain, CancellationToken cancellationToken = default) =>
        await RemoveAsync(domain, await inner.GetAsync(domain, cancellationToken), cancellationToken);

    public async Task RemoveAsync(string domain, MonitoredDomain? before, CancellationToken cancellationToken = default)
    {
        await inner.RemoveAsync(domain, cancellationToken);
        if (before is not null)
        {
            await alerts.RaiseAsync(Deleted(before, time.GetUtcNow()), cancellationToken);
        }
    }

    private static AlertEvent Added(MonitoredDomain domain) => new(
        AlertType.DomainAdded, domain.AccountId, domain.Domain, null, Ticks(domain.Since),
        $"{domain.Domain} was added to the account; its DMARC reports now come to this service.",
        "not monitored", "monitored",
        "If nobody in your organisation added it, remove it (DELETE /api/accounts/{id}/domains/{domain}) and check who holds the account's owner keys.",
        domain.Since);

    private static AlertEvent Deleted(MonitoredDomain domain, DateTimeOffset at) => new(
        AlertType.DomainDeleted, domain.AccountId, domain.Domain, null, Ticks(domain.Since),
        $"{domain.Domain} was removed from the account; its DMARC reports no longer come to this account.",
        "monitored", "not monitored",
        "If this was not intended, add the domain again (POST /api/accounts/{id}/domains); reports that arrive meanwhile are kept as unclaimed.",
        at);

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
