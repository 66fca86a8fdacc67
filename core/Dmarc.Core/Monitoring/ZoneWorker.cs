using Dmarc.Core.Dns;
using Dmarc.Core.Reports;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Monitoring;

/// <summary>
/// Applies enable or disable to one zone: read the zone and its _dmarc record sets (one read),
/// plan, keep the plan, authorise (enable), write from that read, read back the whole TXT set (unless the
/// provider verifies its own writes), then the bookkeeping (audit, registry, revoking on disable). A provider
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
    /// <param name="saved">The plan an earlier attempt of this task kept for the zone, if any (read with its progress).</param>
    /// <returns>The zone's change, and the version of the plan kept for it (null when none was kept).</returns>
    public async Task<(ZoneChange Change, string? Version)> ApplyAsync(MonitoringTask task, string zoneName, ZonePlan? saved, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        Planned planned;
        try
        {
            planned = await PlanAndWriteAsync(task, zoneName, saved, cancellationToken);
        }
        catch (Exception ex) when (ex is DnsProviderException or DnsConflictException or HttpRequestException or TimeoutException or IOException)
        {
            return (ZoneChange.Fail(ex.Message), saved?.Version);
        }

        if (planned.Written is { } written)
        {
            await RecordAsync(task, written, planned.Registered, cancellationToken);
        }

        return (planned.Change, planned.Version);
    }

    /// <summary>The zone's change; the plan to finish when its record was (or had already been) written; the registry entry as read; the kept plan's version.</summary>
    private sealed record Planned(ZoneChange Change, ZonePlan? Written, MonitoredDomain? Registered, string? Version);

    private async Task<Planned> PlanAndWriteAsync(MonitoringTask task, string zoneName, ZonePlan? saved, CancellationToken cancellationToken)
    {
        var name = DnsNames.DmarcName(zoneName);
        if (await dns.GetZoneAndRecordSetsAsync(task.AccountId, zoneName, name, cancellationToken) is not { } found)
        {
            return new(ZoneChange.Fail($"The zone {zoneName} is no longer in the account."), null, null, saved?.Version);
        }

        var (zone, _, sets, _) = found;
        var registered = await monitored.GetAsync(zone.Name, cancellationToken);
        if (registered is not null && registered.AccountId != task.AccountId)
        {
            return new(ZoneChange.Fail($"{zone.Name} is managed by another account of this service; it was left as it was."), null, registered, saved?.Version);
        }

        var uri = options.Value.ReportingUri;
        var change = task.Kind == TaskKind.Enable
            ? ZonePlanner.PlanEnable(zone, sets, uri, options.Value.ReportingDomain)
            : ZonePlanner.PlanDisable(zone, sets, uri, registered?.CreatedRecord);

        if (task.DryRun)
        {
            return new(change, null, registered, saved?.Version);
        }

        // An earlier attempt of this task wrote the record and stopped before its bookkeeping.
        if (saved is not null && ZonePlanner.DmarcValue(sets) == saved.Change.After)
        {
            return new(saved.Change, saved, registered, saved.Version);
        }

        if (change.Outcome is Outcome.Skipped or Outcome.Failed)
        {
            if (change.Reason == SkipReason.AlreadyConfigured)
            {
                // Safe re-runs: make sure the authorisation and the registry are in place.
                await RegisterAsync(task, zone.Name, registered?.CreatedRecord, registered, authorize: true, cancellationToken);
            }

            return new(change, null, registered, saved?.Version);
        }

        var plan = await KeepPlanAsync(new ZonePlan(task.Id, zone.Name, change, time.GetUtcNow()), saved, cancellationToken);
        if (task.Kind == TaskKind.Enable)
        {
            // A receiver may check the authorisation as soon as the new rua reaches it, so it is
            // written first. Should the DNS write then fail, it authorises reports nobody is sent.
            await reporting.AuthorizeAsync(zone.Name, cancellationToken);
        }

        var txt = ZonePlanner.ApplyToTxt(name, sets, change.After);
        await dns.ChangeReadNameAsync(found, "TXT", txt, cancellationToken);
        if (!dns.VerifiesWrites
            && Mismatch(txt, (await dns.GetRecordSetsAsync(zone.Name, name, cancellationToken)).FirstOrDefault(s => s.Is("TXT") && s.Values.Count > 0)) is { } mismatch)
        {
            return new(ZoneChange.Fail($"The change did not verify: {mismatch}", change.Before), null, registered, plan.Version);
        }

        return new(plan.Change, plan, registered, plan.Version);
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
        return kept.Change == plan.Change ? kept : await tasks.ReplacePlanAsync(plan with { Version = kept.Version }, cancellationToken);
    }

    /// <summary>
    /// Each step is idempotent: the audit entry is keyed by the plan, the registry and authorisation
    /// are upserts or deletes. The registry entry read while planning stands for "before" (no second read).
    /// </summary>
    private async Task RecordAsync(MonitoringTask task, ZonePlan plan, MonitoredDomain? registered, CancellationToken cancellationToken)
    {
        var change = plan.Change;
        await audit.AddAsync(new AuditEntry(task.AccountId, plan.Zone, DnsNames.DmarcName(plan.Zone), change.Before, change.After, task.Id, plan.At), cancellationToken);
        if (task.Kind == TaskKind.Enable)
        {
            // Authorised before the write (by this attempt or the one that wrote the record).
            await RegisterAsync(task, plan.Zone, change.Outcome == Outcome.Created ? change.After : null, registered, authorize: false, cancellationToken);
        }
        else
        {
            await reporting.RevokeAsync(plan.Zone, cancellationToken);
            await monitored.RemoveAsync(plan.Zone, registered, cancellationToken);
        }
    }

    private async Task RegisterAsync(MonitoringTask task, string zone, string? createdRecord, MonitoredDomain? existing, bool authorize, CancellationToken cancellationToken)
    {
        if (authorize)
        {
            await reporting.AuthorizeAsync(zone, cancellationToken);
        }

        await monitored.UpsertAsync(
            new MonitoredDomain(zone, task.AccountId, createdRecord ?? existing?.CreatedRecord, existing?.Since ?? time.GetUtcNow()),
            existing,
            cancellationToken);
        await unclaimed.MoveToAsync(zone, task.AccountId, cancellationToken);
    }
}
