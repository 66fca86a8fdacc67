using Dmarc.Core.Dns;
using Dmarc.Core.Reports;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Monitoring;

/// <summary>
/// Applies enable or disable to one zone: plan, keep the plan, authorise (enable), write, read
/// back the whole TXT set, then the bookkeeping (audit, registry, revoking on disable). A provider
/// error before or during the write fails this zone only, with the error as its outcome. An error in the bookkeeping is thrown, so the
/// queue tries again; the retry finds the kept plan and the record already written, and finishes
/// the bookkeeping with the planned outcome instead of seeing "already configured".
/// </summary>
public sealed class ZoneWorker(
    IDnsProvider dns,
    ReportingZone reporting,
    IMonitoredDomains monitored,
    IAuditLog audit,
    UnclaimedReports unclaimed,
    ITaskStore tasks,
    IOptions<MonitoringOptions> options,
    TimeProvider time)
{
    public async Task<ZoneChange> ApplyAsync(MonitoringTask task, string zoneName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ZonePlan? written;
        ZoneChange change;
        try
        {
            (change, written) = await PlanAndWriteAsync(task, zoneName, cancellationToken);
        }
        catch (Exception ex) when (ex is DnsProviderException or DnsConflictException or HttpRequestException or TimeoutException or IOException)
        {
            return ZoneChange.Fail(ex.Message);
        }

        if (written is not null)
        {
            await RecordAsync(task, written, cancellationToken);
        }

        return change;
    }

    /// <summary>The zone's change and, when its record was (or had already been) written, the plan to finish.</summary>
    private async Task<(ZoneChange Change, ZonePlan? Written)> PlanAndWriteAsync(MonitoringTask task, string zoneName, CancellationToken cancellationToken)
    {
        var zone = await dns.GetZoneAsync(task.AccountId, zoneName, cancellationToken);
        if (zone is null)
        {
            return (ZoneChange.Fail($"The zone {zoneName} is no longer in the account."), null);
        }

        var name = DnsNames.DmarcName(zone.Name);
        var sets = await dns.GetRecordSetsAsync(zone.Name, name, cancellationToken);
        var registered = await monitored.GetAsync(zone.Name, cancellationToken);
        if (registered is not null && registered.AccountId != task.AccountId)
        {
            return (ZoneChange.Fail($"{zone.Name} is managed by another account of this service; it was left as it was."), null);
        }

        var uri = options.Value.ReportingUri;
        var change = task.Kind == TaskKind.Enable
            ? ZonePlanner.PlanEnable(zone, sets, uri, options.Value.ReportingDomain)
            : ZonePlanner.PlanDisable(zone, sets, uri, registered?.CreatedRecord);

        if (task.DryRun)
        {
            return (change, null);
        }

        // An earlier attempt of this task wrote the record and stopped before its bookkeeping.
        var saved = await tasks.GetPlanAsync(task.Id, zone.Name, cancellationToken);
        if (saved is not null && ZonePlanner.DmarcValue(sets) == saved.Change.After)
        {
            return (saved.Change, saved);
        }

        if (change.Outcome is Outcome.Skipped or Outcome.Failed)
        {
            if (change.Reason == SkipReason.AlreadyConfigured)
            {
                // Safe re-runs: make sure the authorisation and the registry are in place.
                await RegisterAsync(task, zone.Name, registered?.CreatedRecord, registered, cancellationToken);
            }

            return (change, null);
        }

        var plan = await KeepPlanAsync(new ZonePlan(task.Id, zone.Name, change, time.GetUtcNow()), saved, cancellationToken);
        if (task.Kind == TaskKind.Enable)
        {
            // A receiver may check the authorisation as soon as the new rua reaches it, so it is
            // written first. Should the DNS write then fail, it authorises reports nobody is sent.
            await reporting.AuthorizeAsync(zone.Name, cancellationToken);
        }

        var txt = ZonePlanner.ApplyToTxt(name, sets, change.After);
        await WriteAsync(zone.Name, name, txt, cancellationToken);
        var readBack = (await dns.GetRecordSetsAsync(zone.Name, name, cancellationToken)).FirstOrDefault(s => s.Is("TXT") && s.Values.Count > 0);
        if (Mismatch(txt, readBack) is { } mismatch)
        {
            return (ZoneChange.Fail($"The change did not verify: {mismatch}", change.Before), null);
        }

        return (plan.Change, plan);
    }

    /// <summary>The whole TXT set at _dmarc as written (every value, in any order, and the TTL), or what differs.</summary>
    private static string? Mismatch(RecordSet? written, RecordSet? read)
    {
        static string Show(RecordSet? set) => set is null ? "no TXT record" : $"TTL {set.Ttl} [{string.Join(" | ", set.Values)}]";
        var same = written is null
            ? read is null
            : read is not null && read.Ttl == written.Ttl && read.Values.Order(StringComparer.Ordinal).SequenceEqual(written.Values.Order(StringComparer.Ordinal), StringComparer.Ordinal);
        return same ? null : $"the TXT set at _dmarc reads back as {Show(read)}, not {Show(written)}.";
    }

    /// <summary>Keeps the plan before the write; a plan of another attempt with the same change (and time) is reused.</summary>
    private async Task<ZonePlan> KeepPlanAsync(ZonePlan plan, ZonePlan? saved, CancellationToken cancellationToken)
    {
        var kept = saved ?? await tasks.TryAddPlanAsync(plan, cancellationToken);
        if (kept.Change == plan.Change)
        {
            return kept;
        }

        await tasks.ReplacePlanAsync(plan, cancellationToken);
        return plan;
    }

    /// <summary>Each step is idempotent: the audit entry is keyed by the plan, the registry and authorisation are upserts or deletes.</summary>
    private async Task RecordAsync(MonitoringTask task, ZonePlan plan, CancellationToken cancellationToken)
    {
        var change = plan.Change;
        await audit.AddAsync(new AuditEntry(task.AccountId, plan.Zone, DnsNames.DmarcName(plan.Zone), change.Before, change.After, task.Id, plan.At), cancellationToken);
        if (task.Kind == TaskKind.Enable)
        {
            var registered = await monitored.GetAsync(plan.Zone, cancellationToken);
            await RegisterAsync(task, plan.Zone, change.Outcome == Outcome.Created ? change.After : null, registered, cancellationToken);
        }
        else
        {
            await reporting.RevokeAsync(plan.Zone, cancellationToken);
            await monitored.RemoveAsync(plan.Zone, cancellationToken);
        }
    }

    private async Task WriteAsync(string zone, string name, RecordSet? txt, CancellationToken cancellationToken)
    {
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
        await unclaimed.MoveToAsync(zone, task.AccountId, cancellationToken);
    }
}
