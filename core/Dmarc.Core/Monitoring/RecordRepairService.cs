using Dmarc.Core.Dns;
using Dmarc.Core.Records;

namespace Dmarc.Core.Monitoring;

/// <summary>A repair of a zone's DMARC record: the text before and after, and what changed.</summary>
public sealed record RecordRepair(string Domain, string Before, string After, IReadOnlyList<string> Changes, bool DryRun);

/// <summary>The answer to a repair request.</summary>
public abstract record RepairOutcome
{
    private RepairOutcome()
    {
    }

    public sealed record NotFound : RepairOutcome;

    public sealed record Refused(string Reason) : RepairOutcome;

    public sealed record Done(RecordRepair Repair) : RepairOutcome;
}

/// <summary>
/// Repairs, when the customer asks, a DMARC record that strict receivers ignore (enablement skips
/// such records rather than repair them silently, since a repair can switch a policy on): previewed
/// as a dry run, written, read back and audited like every other DNS change.
/// </summary>
public sealed class RecordRepairService(IDnsProvider dns, IAuditLog audit, TimeProvider time)
{
    public const string AuditTaskId = "record-repair";

    public async Task<RepairOutcome> RepairAsync(string accountId, string domain, bool dryRun, CancellationToken cancellationToken = default)
    {
        var name = DnsNames.Normalize(domain);
        var zone = name is null ? null : await dns.GetZoneAsync(accountId, name, cancellationToken);
        if (zone is null)
        {
            return new RepairOutcome.NotFound();
        }

        var dmarcName = DnsNames.DmarcName(zone.Name);
        var sets = await dns.GetRecordSetsAsync(zone.Name, dmarcName, cancellationToken);
        if (Blocked(zone, sets) is { } blocked)
        {
            return new RepairOutcome.Refused(blocked);
        }

        var values = sets.Where(s => s.Is("TXT")).SelectMany(s => s.Values).Where(DmarcRecord.LooksLikeDmarc).ToArray();
        if (values.Length != 1)
        {
            return new RepairOutcome.Refused(values.Length == 0
                ? $"{dmarcName} has no DMARC record to repair."
                : $"{dmarcName} has {values.Length} DMARC records; receivers ignore them all. Remove all but one, then ask again.");
        }

        var (repaired, changes, refusal) = DmarcRecordRepair.Repair(values[0]);
        if (repaired is null)
        {
            return new RepairOutcome.Refused(refusal!);
        }

        var repair = new RecordRepair(zone.Name, values[0], repaired, changes, dryRun);
        if (dryRun)
        {
            return new RepairOutcome.Done(repair);
        }

        await dns.UpsertRecordSetAsync(zone.Name, ZonePlanner.ApplyToTxt(dmarcName, sets, repaired)!, cancellationToken);
        var readBack = ZonePlanner.DmarcValue(await dns.GetRecordSetsAsync(zone.Name, dmarcName, cancellationToken));
        if (readBack != repaired)
        {
            return new RepairOutcome.Refused($"The repair did not verify: reading {dmarcName} back gave '{readBack ?? "no DMARC record"}'.");
        }

        await audit.AddAsync(new AuditEntry(accountId, zone.Name, dmarcName, values[0], repaired, AuditTaskId, time.GetUtcNow()), cancellationToken);
        return new RepairOutcome.Done(repair);
    }

    /// <summary>Why the service may not edit this zone's _dmarc name, or null.</summary>
    public static string? Blocked(DnsZone zone, IReadOnlyList<RecordSet> sets) => zone switch
    {
        { Kind: not ZoneKind.Primary } => "Only primary zones can be edited here.",
        { Dnssec: DnssecState.Presigned } => "The zone is signed outside the platform; a change would break its signatures.",
        _ when sets.Any(s => s.Is("CNAME") || s.Is("NS")) => $"_dmarc.{zone.Name} is delegated; repair the record where it is served.",
        _ when sets.Any(s => s.Pool is not null) => $"_dmarc.{zone.Name} belongs to a pool; repair it in the pool.",
        _ => null,
    };
}
