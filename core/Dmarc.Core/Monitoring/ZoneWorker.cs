using Dmarc.Core.Dns;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Monitoring;

/// <summary>
/// Applies enable or disable to one zone: plan, write, read back, audit, authorise. Any provider
/// error fails this zone only, with the error as its outcome.
/// </summary>
public sealed class ZoneWorker(
    IDnsProvider dns,
    ReportingZone reporting,
    IMonitoredDomains monitored,
    IAuditLog audit,
    IOptions<MonitoringOptions> options,
    TimeProvider time)
{
    public async Task<ZoneChange> ApplyAsync(MonitoringTask task, string zoneName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            return await ApplyCoreAsync(task, zoneName, cancellationToken);
        }
        catch (Exception ex) when (ex is DnsProviderException or DnsConflictException or HttpRequestException or TimeoutException or IOException)
        {
            return ZoneChange.Fail(ex.Message);
        }
    }

    private async Task<ZoneChange> ApplyCoreAsync(MonitoringTask task, string zoneName, CancellationToken cancellationToken)
    {
        var zone = await dns.GetZoneAsync(task.AccountId, zoneName, cancellationToken);
        if (zone is null)
        {
            return ZoneChange.Fail($"The zone {zoneName} is no longer in the account.");
        }

        var name = DnsNames.DmarcName(zone.Name);
        var sets = await dns.GetRecordSetsAsync(zone.Name, name, cancellationToken);
        var registered = await monitored.GetAsync(zone.Name, cancellationToken);
        if (registered is not null && registered.AccountId != task.AccountId)
        {
            return ZoneChange.Fail($"{zone.Name} is managed by another account of this service; it was left as it was.");
        }

        var uri = options.Value.ReportingUri;
        var change = task.Kind == TaskKind.Enable
            ? ZonePlanner.PlanEnable(zone, sets, uri, options.Value.ReportingDomain)
            : ZonePlanner.PlanDisable(zone, sets, uri, registered?.CreatedRecord);

        if (task.DryRun)
        {
            return change;
        }

        if (change.Outcome == Outcome.Skipped)
        {
            if (change.Reason == SkipReason.AlreadyConfigured)
            {
                // Safe re-runs: make sure the authorisation and the registry are in place.
                await RegisterAsync(task, zone.Name, registered?.CreatedRecord, registered, cancellationToken);
            }

            return change;
        }

        await WriteAsync(zone.Name, name, sets, change.After, cancellationToken);
        var readBack = ZonePlanner.DmarcValue(await dns.GetRecordSetsAsync(zone.Name, name, cancellationToken));
        if (readBack != change.After)
        {
            return ZoneChange.Fail($"The change did not verify: reading _dmarc back gave '{readBack ?? "no DMARC record"}'.", change.Before);
        }

        await audit.AddAsync(new AuditEntry(task.AccountId, zone.Name, name, change.Before, change.After, task.Id, time.GetUtcNow()), cancellationToken);
        if (task.Kind == TaskKind.Enable)
        {
            await RegisterAsync(task, zone.Name, change.Outcome == Outcome.Created ? change.After : null, registered, cancellationToken);
        }
        else
        {
            await reporting.RevokeAsync(zone.Name, cancellationToken);
            await monitored.RemoveAsync(zone.Name, cancellationToken);
        }

        return change;
    }

    private async Task WriteAsync(string zone, string name, IReadOnlyList<RecordSet> sets, string? newValue, CancellationToken cancellationToken)
    {
        var txt = ZonePlanner.ApplyToTxt(name, sets, newValue);
        if (txt is null)
        {
            await dns.DeleteRecordSetAsync(zone, name, "TXT", cancellationToken);
        }
        else
        {
            await dns.UpsertRecordSetAsync(zone, txt, cancellationToken);
        }
    }

    private async Task RegisterAsync(MonitoringTask task, string zone, string? createdRecord, MonitoredDomain? existing, CancellationToken cancellationToken)
    {
        await reporting.AuthorizeAsync(zone, cancellationToken);
        await monitored.UpsertAsync(
            new MonitoredDomain(zone, task.AccountId, createdRecord ?? existing?.CreatedRecord, existing?.Since ?? time.GetUtcNow()),
            cancellationToken);
    }
}
