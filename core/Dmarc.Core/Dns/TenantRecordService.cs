using Dmarc.Core.Validation;

namespace Dmarc.Core.Dns;

/// <summary>What a zone file import wrote; the apex SOA and NS records of the file are left to the platform.</summary>
public sealed record ImportResult(string Zone, int RecordSets, int Records, int Ignored);

/// <summary>
/// Writes an account's records through <see cref="TenantRecordPolicy"/>: one record set by
/// name and type, or a whole zone file, which is checked completely before the first write.
/// </summary>
public sealed class TenantRecordService(IDnsProvider dns, ReportingZoneGuard reporting)
{
    public const int MaxImportRecordSets = 5000;
    private const int NamesReadOneByOne = 8;

    public async Task<TenantDnsResult<RecordSet>> PutAsync(DnsZone zone, RecordSet set, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(set);
        if ((reporting.Check(zone.Name) ?? reporting.Check(set.Name)) is { } reserved)
        {
            return TenantDnsResult.Refused<RecordSet>(reserved);
        }

        var errors = new ValidationErrors();
        var problems = TenantRecordPolicy.Check(zone.Name, set, out var canonical);
        foreach (var error in problems)
        {
            errors.Add(error.Field, error.Message);
        }

        if (canonical is not null)
        {
            var existing = await dns.GetRecordSetsAsync(zone.Name, canonical.Name, cancellationToken);
            if (TenantRecordPolicy.NeighbourError(canonical, existing.Select(s => s.Type)) is { } neighbour)
            {
                errors.Add(neighbour.Field, neighbour.Message);
            }
        }

        if (!errors.IsEmpty)
        {
            return TenantDnsResult.Invalid<RecordSet>(errors);
        }

        await dns.UpsertRecordSetAsync(zone.Name, canonical!, cancellationToken);
        return TenantDnsResult.Done<RecordSet>(canonical!);
    }

    public async Task<TenantDnsResult<ImportResult>> ImportAsync(DnsZone zone, string zoneFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (reporting.Check(zone.Name) is { } reserved)
        {
            return TenantDnsResult.Refused<ImportResult>(reserved);
        }

        IReadOnlyList<RecordSet> parsed;
        try
        {
            parsed = ZoneFileParser.Parse(zoneFile, zone.Name);
        }
        catch (ZoneFileException ex)
        {
            return TenantDnsResult.Invalid<ImportResult>(ValidationErrors.Of("zoneFile", ex.Message));
        }

        var sets = parsed.Where(s => !(s.Name == zone.Name && s.Is("NS"))).ToArray();
        if (sets.Length > MaxImportRecordSets)
        {
            return TenantDnsResult.Invalid<ImportResult>(ValidationErrors.Of("zoneFile", $"A zone file holds at most {MaxImportRecordSets} record sets; this one has {sets.Length}."));
        }

        if (sets.Select(s => reporting.Check(s.Name)).FirstOrDefault(r => r is not null) is { } reservedName)
        {
            return TenantDnsResult.Refused<ImportResult>(reservedName);
        }

        var (checkedSets, errors) = await CheckAllAsync(zone.Name, sets, cancellationToken);
        if (!errors.IsEmpty)
        {
            return TenantDnsResult.Invalid<ImportResult>(errors);
        }

        // One change: PowerDNS writes the whole file in one PATCH, so an error leaves the zone as it was.
        await dns.UpsertRecordSetsAsync(zone.Name, checkedSets, cancellationToken);

        return TenantDnsResult.Done<ImportResult>(new ImportResult(zone.Name, checkedSets.Count, checkedSets.Sum(s => s.Values.Count), parsed.Count - sets.Length));
    }

    /// <summary>Every set against the policy, and every name's types (in the file and already in the zone) against each other.</summary>
    private async Task<(List<RecordSet> Sets, ValidationErrors Errors)> CheckAllAsync(string zone, RecordSet[] sets, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var valid = new List<RecordSet>(sets.Length);
        foreach (var set in sets)
        {
            var problems = TenantRecordPolicy.Check(zone, set, out var canonical);
            foreach (var error in problems)
            {
                errors.Add("zoneFile", $"{set.Name} {set.Type}: {error.Message}");
            }

            if (canonical is not null)
            {
                valid.Add(canonical);
            }
        }

        if (!errors.IsEmpty)
        {
            return (valid, errors);
        }

        var byName = valid.GroupBy(s => s.Name).ToArray();
        // A few names are read one by one; a larger file reads the zone once.
        var zoneSets = byName.Length > NamesReadOneByOne ? await dns.ListRecordSetsAsync(zone, cancellationToken) : null;
        foreach (var name in byName)
        {
            var existing = zoneSets?.Where(s => s.Name == name.Key).ToArray() ?? await dns.GetRecordSetsAsync(zone, name.Key, cancellationToken);
            var types = existing.Select(s => s.Type).Concat(name.Select(s => s.Type)).ToArray();
            foreach (var set in name)
            {
                if (TenantRecordPolicy.NeighbourError(set, types) is { } neighbour)
                {
                    errors.Add("zoneFile", $"{set.Name} {set.Type}: {neighbour.Message}");
                }
            }
        }

        return (valid, errors);
    }
}
