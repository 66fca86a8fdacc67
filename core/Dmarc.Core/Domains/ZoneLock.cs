using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Records;

namespace Dmarc.Core.Domains;

/// <summary>One record set a zone lock replaced: its name and type, and the set as it was (null: there was none).</summary>
public sealed record LockedSet(string Name, string Type, RecordSet? Before);

/// <summary>
/// Locks a non-sending domain that is a zone of the account's DNS provider: the DMARC record at
/// <c>p=reject</c> with <c>sp=reject</c> (every other tag kept, <c>pct</c> and <c>t</c> dropped so
/// the policy applies to all mail; a new record with the service's <c>rua</c> when there is none),
/// SPF <c>v=spf1 -all</c> in place of the apex SPF record (other TXT values kept), and a null MX
/// (RFC 7505, <c>0 .</c>) when the apex has no MX. The sets as they were are kept in the mode
/// setting, so unlocking writes them back byte for byte (and deletes what the lock added).
/// </summary>
public sealed class ZoneLock(IDnsProvider dns, IAuditLog audit)
{
    public const string AuditTaskId = "domain-lock";
    public const string UnlockAuditTaskId = "domain-unlock";
    public const string NullMx = "0 .";
    public const string SpfNone = "v=spf1 -all";

    /// <summary>
    /// The zone when it is the account's and its <c>_dmarc</c> is not delegated (a delegated one is
    /// locked where it is served), with the reason when the lock may not write it; null otherwise.
    /// </summary>
    public async Task<(DnsZone? Zone, string? Refusal)> ZoneAsync(string accountId, string domain, CancellationToken cancellationToken)
    {
        var zone = await dns.GetZoneAsync(accountId, domain, cancellationToken);
        var sets = zone is null ? [] : await dns.GetRecordSetsAsync(zone.Name, DnsNames.DmarcName(zone.Name), cancellationToken);
        return zone is null || sets.Any(s => s.Is("NS") || s.Is("CNAME")) ? (null, null) : (zone, RecordRepairService.Blocked(zone, sets));
    }

    /// <summary>The sets the lock writes, from what the zone holds now (so a retry computes the same), and the sets as they are; or the reason it cannot.</summary>
    public async Task<(IReadOnlyList<RecordSet> Locked, IReadOnlyList<LockedSet> Current, string? Refusal)> PlanAsync(DnsZone zone, string reportingUri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var dmarcName = DnsNames.DmarcName(zone.Name);
        var atDmarc = await dns.GetRecordSetsAsync(zone.Name, dmarcName, cancellationToken);
        var apex = await dns.GetRecordSetsAsync(zone.Name, zone.Name, cancellationToken);
        var dmarcTxt = atDmarc.FirstOrDefault(s => s.Is("TXT"));
        var apexTxt = apex.FirstOrDefault(s => s.Is("TXT"));
        var mx = apex.FirstOrDefault(s => s.Is("MX"));

        var dmarcValues = dmarcTxt?.Values.Where(DmarcRecord.LooksLikeDmarc).ToArray() ?? [];
        if (dmarcValues.Length > 1 || (dmarcValues.Length == 1 && !DmarcRecord.TryParse(dmarcValues[0], out _, out _)))
        {
            return ([], [], dmarcValues.Length > 1
                ? $"{dmarcName} has {dmarcValues.Length} DMARC records; remove all but one before locking the domain."
                : $"The DMARC record at {dmarcName} is not valid; repair it first (POST /api/domains/{zone.Name}/record:repair).");
        }

        var spfValues = apexTxt?.Values.Where(SpfRecord.IsSpf).ToArray() ?? [];
        if (spfValues.Length > 1)
        {
            return ([], [], $"{zone.Name} has {spfValues.Length} SPF records (RFC 7208 §4.5: a permanent error); remove all but one before locking the domain.");
        }

        var dmarc = dmarcValues.Length == 1
            ? DmarcRecord.Parse(dmarcValues[0]).WithTag("p", "reject").WithTag("sp", "reject").WithoutTag("pct").WithoutTag("t").Text
            : $"v=DMARC1; p=reject; sp=reject; rua={reportingUri}";
        var locked = new List<RecordSet>
        {
            ZonePlanner.ApplyToTxt(dmarcName, atDmarc, dmarc)!,
            apexTxt is null
                ? new RecordSet(zone.Name, "TXT", RecordSet.DefaultTtl, [SpfNone])
                : apexTxt with { Values = spfValues.Length == 0 ? [.. apexTxt.Values, SpfNone] : [.. apexTxt.Values.Select(v => SpfRecord.IsSpf(v) ? SpfNone : v)] },
        };
        var before = new List<LockedSet> { new(dmarcName, "TXT", dmarcTxt), new(zone.Name, "TXT", apexTxt) };
        if (mx is null)
        {
            locked.Add(new RecordSet(zone.Name, "MX", RecordSet.DefaultTtl, [NullMx]));
            before.Add(new LockedSet(zone.Name, "MX", null));
        }

        return (locked, before, null);
    }

    /// <summary>True when the zone holds the locked sets already (<paramref name="current"/> as <see cref="PlanAsync"/> read them).</summary>
    public static bool IsLocked(IReadOnlyList<RecordSet> locked, IReadOnlyList<LockedSet> current)
    {
        ArgumentNullException.ThrowIfNull(locked);
        ArgumentNullException.ThrowIfNull(current);
        return locked.All(l => current.FirstOrDefault(c => c.Name == l.Name && c.Type == l.Type)?.Before is { } now && now.Values.SequenceEqual(l.Values, StringComparer.Ordinal));
    }

    /// <summary>Writes the locked sets as one change, reads them back and audits each set (before: as it was before the lock).</summary>
    public async Task LockAsync(string accountId, DnsZone zone, IReadOnlyList<RecordSet> locked, IReadOnlyList<LockedSet> before, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(locked);
        ArgumentNullException.ThrowIfNull(before);
        await dns.UpsertRecordSetsAsync(zone.Name, locked, cancellationToken);
        foreach (var set in locked)
        {
            await VerifyAsync(zone.Name, set.Name, set.Type, set, cancellationToken);
            var was = before.FirstOrDefault(b => b.Name == set.Name && b.Type == set.Type)?.Before;
            await audit.AddAsync(new AuditEntry(accountId, zone.Name, set.Name, Describe(was), Describe(set), AuditTask(AuditTaskId, zone, set.Name, set.Type), at), cancellationToken);
        }
    }

    /// <summary>Writes back each set as it was before the lock (deleting what the lock added), reads each back and audits it, from what the lock wrote.</summary>
    public async Task UnlockAsync(string accountId, DnsZone zone, IReadOnlyList<LockedSet> before, IReadOnlyList<RecordSet>? locked, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(before);
        foreach (var set in before.Where(b => b.Before is null))
        {
            await dns.DeleteRecordSetAsync(zone.Name, set.Name, set.Type, cancellationToken);
        }

        var restore = before.Select(b => b.Before).OfType<RecordSet>().ToArray();
        if (restore.Length > 0)
        {
            await dns.UpsertRecordSetsAsync(zone.Name, restore, cancellationToken);
        }

        foreach (var set in before)
        {
            await VerifyAsync(zone.Name, set.Name, set.Type, set.Before, cancellationToken);
            var wrote = locked?.FirstOrDefault(l => l.Name == set.Name && l.Is(set.Type));
            await audit.AddAsync(new AuditEntry(accountId, zone.Name, set.Name, Describe(wrote), Describe(set.Before), AuditTask(UnlockAuditTaskId, zone, set.Name, set.Type), at), cancellationToken);
        }
    }

    /// <summary>One audit identity per change and record set ("domain-lock:txt:apex"), so a lock, its unlock and each set keep entries of their own.</summary>
    private static string AuditTask(string task, DnsZone zone, string name, string type) => $"{task}:{type.ToLowerInvariant()}:{(name == zone.Name ? "apex" : "dmarc")}";

    private async Task VerifyAsync(string zone, string name, string type, RecordSet? expected, CancellationToken cancellationToken)
    {
        var read = (await dns.GetRecordSetsAsync(zone, name, cancellationToken)).FirstOrDefault(s => s.Is(type));
        if (!(read is null ? expected is null : expected is not null && read.Values.SequenceEqual(expected.Values, StringComparer.Ordinal) && read.Ttl == expected.Ttl))
        {
            throw new DnsProviderException($"The change did not verify: {name} {type} reads {Describe(read) ?? "nothing"}, not {Describe(expected) ?? "nothing"}.");
        }
    }

    private static string? Describe(RecordSet? set) => set is null ? null : string.Join(" | ", set.Values);
}
