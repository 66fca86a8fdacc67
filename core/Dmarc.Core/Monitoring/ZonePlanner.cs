using Dmarc.Core.Dns;
using Dmarc.Core.Records;

namespace Dmarc.Core.Monitoring;

/// <summary>
/// Decides, from a zone and the record sets at its <c>_dmarc</c> name, what enabling or disabling
/// monitoring does. Pure: no I/O. Checks run in this order, so each zone gets exactly one outcome:
/// zone kind, DNSSEC, delegation (CNAME/NS), pool, several DMARC records, an unparseable record,
/// (enable) an authorisation name too long for DNS, then the change itself.
/// </summary>
public static class ZonePlanner
{
    /// <summary>The record this service creates when a zone has none: monitoring only.</summary>
    public static string NewRecord(DmarcUri reportingUri)
    {
        ArgumentNullException.ThrowIfNull(reportingUri);
        return $"v=DMARC1; p=none; rua={reportingUri}";
    }

    /// <param name="reportingDomain">The service's reporting zone, where the domain's authorisation record goes.</param>
    public static ZoneChange PlanEnable(DnsZone zone, IReadOnlyList<RecordSet> atDmarc, DmarcUri reportingUri, string reportingDomain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reportingDomain);
        var (blocked, current) = Inspect(zone, atDmarc);
        if (blocked is not null)
        {
            return blocked;
        }

        var authorization = DnsNames.AuthorizationName(zone.Name, reportingDomain.ToLowerInvariant());
        if (authorization.Length > DnsNames.MaxNameLength)
        {
            return ZoneChange.Skip(SkipReason.NameTooLong,
                $"The authorisation record {authorization} would be {authorization.Length} characters long; DNS names hold at most {DnsNames.MaxNameLength}. " +
                "The zone is left as it was.",
                current?.Format());
        }

        if (current is null)
        {
            return new ZoneChange(Outcome.Created, null, null, null, NewRecord(reportingUri));
        }

        if (current.Rua.Any(u => u.SameDestination(reportingUri)))
        {
            return ZoneChange.Skip(SkipReason.AlreadyConfigured, "The DMARC record already sends aggregate reports to this service.", current.Format());
        }

        return new ZoneChange(Outcome.Updated, null, null, Text(atDmarc), current.WithRuaAdded(reportingUri).Format());
    }

    /// <param name="createdByService">The value this service created for the zone, if it did.</param>
    public static ZoneChange PlanDisable(DnsZone zone, IReadOnlyList<RecordSet> atDmarc, DmarcUri reportingUri, string? createdByService)
    {
        var (blocked, current) = Inspect(zone, atDmarc);
        if (blocked is not null)
        {
            return blocked;
        }

        if (current is null || !current.Rua.Any(u => u.SameDestination(reportingUri)))
        {
            return ZoneChange.Skip(SkipReason.NotConfigured, "The DMARC record does not send aggregate reports to this service.", current?.Format());
        }

        var before = Text(atDmarc);
        return createdByService is not null && DmarcRecord.TryParse(createdByService, out var created, out _) && created.Equals(current)
            ? new ZoneChange(Outcome.Deleted, null, "The record was created by this service and is unchanged.", before, null)
            : new ZoneChange(Outcome.Updated, null, null, before, current.WithRuaRemoved(reportingUri).Format());
    }

    /// <summary>The TXT record set at _dmarc with the DMARC value replaced (or removed when null); other TXT values stay.</summary>
    public static RecordSet? ApplyToTxt(string dmarcName, IReadOnlyList<RecordSet> atDmarc, string? newValue)
    {
        var txt = atDmarc.FirstOrDefault(s => s.Is("TXT"));
        var others = txt?.Values.Where(v => !DmarcRecord.LooksLikeDmarc(v)).ToList() ?? [];
        if (newValue is not null)
        {
            others.Add(newValue);
        }

        return others.Count == 0 ? null : new RecordSet(dmarcName, "TXT", txt?.Ttl ?? RecordSet.DefaultTtl, others, txt?.Pool);
    }

    /// <summary>The DMARC value among the TXT values at _dmarc, if there is exactly one.</summary>
    public static string? DmarcValue(IReadOnlyList<RecordSet> atDmarc) =>
        atDmarc.Where(s => s.Is("TXT")).SelectMany(s => s.Values).SingleOrDefault(DmarcRecord.LooksLikeDmarc);

    private static (ZoneChange? Blocked, DmarcRecord? Current) Inspect(DnsZone zone, IReadOnlyList<RecordSet> atDmarc)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(atDmarc);
        var dmarcValues = atDmarc.Where(s => s.Is("TXT")).SelectMany(s => s.Values).Where(DmarcRecord.LooksLikeDmarc).ToArray();
        var before = dmarcValues.Length == 1 ? dmarcValues[0] : null;

        ZoneChange? blocked = zone switch
        {
            { Kind: ZoneKind.Secondary } => ZoneChange.Skip(SkipReason.SecondaryZone, "Secondary zones are served from another primary and cannot be edited here.", before),
            { Kind: ZoneKind.Alias } => ZoneChange.Skip(SkipReason.AliasZone, "Alias zones mirror another zone and cannot be edited here.", before),
            { Dnssec: DnssecState.Presigned } => ZoneChange.Skip(SkipReason.UnsupportedDnssec, "The zone is signed outside the platform; a change would break its signatures.", before),
            _ => null,
        };
        blocked ??= atDmarc.FirstOrDefault(s => s.Is("CNAME") || s.Is("NS")) is { } delegation
            ? ZoneChange.Skip(SkipReason.Delegated, $"_dmarc.{zone.Name} is delegated with {delegation.Type.ToUpperInvariant()}.", before)
            : null;
        blocked ??= atDmarc.FirstOrDefault(s => s.Pool is not null) is { } pooled
            ? ZoneChange.Skip(SkipReason.InPool, $"The {pooled.Type.ToUpperInvariant()} records at _dmarc.{zone.Name} belong to the pool '{pooled.Pool}'.", before)
            : null;
        blocked ??= dmarcValues.Length > 1
            ? ZoneChange.Skip(SkipReason.MultipleDmarcRecords, $"_dmarc.{zone.Name} has {dmarcValues.Length} TXT records starting with v=DMARC1; receivers ignore them all.", string.Join(" | ", dmarcValues))
            : null;
        if (blocked is not null)
        {
            return (blocked, null);
        }

        if (before is null)
        {
            return (null, null);
        }

        return DmarcRecord.TryParse(before, out var record, out var error)
            ? (null, record)
            : (ZoneChange.Skip(SkipReason.InvalidRecord, $"The DMARC record is not valid: {error}", before), null);
    }

    private static string? Text(IReadOnlyList<RecordSet> atDmarc) => DmarcValue(atDmarc);
}
