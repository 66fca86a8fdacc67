using Dmarc.Core.Dns;
using Dmarc.Core.Domains;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Records;

namespace Dmarc.Core.Enforcement;

/// <summary>Where the service can write a domain's DMARC record: the account's own zone at the DNS provider, or the delegated <c>_dmarc</c> it serves for an Active domain.</summary>
public enum PolicyRecordPlace
{
    Zone,
    Delegated,
}

/// <summary>A domain's DMARC record where the service writes it, parsed; or why the service cannot write it.</summary>
public sealed record PolicyRecordRead(PolicyRecordPlace Place, DmarcRecord? Record, string? Refusal)
{
    public static PolicyRecordRead Refused(PolicyRecordPlace place, string reason) => new(place, null, reason);
}

/// <summary>
/// Reads and writes the DMARC record of a domain whose DNS the service holds: a primary zone of the
/// account at the provider (not presigned, <c>_dmarc</c> not delegated or pooled, exactly one valid
/// DMARC record) or an Active domain (the service serves the delegated <c>_dmarc</c>). Every write
/// is read back and fails unless the record is exactly what was written.
/// </summary>
public sealed class PolicyRecords(IDnsProvider dns, DomainStatusService statuses, IDelegatedDmarcServer delegated)
{
    /// <summary>The record, or null when the account has neither a zone nor an Active domain of that name.</summary>
    public async Task<PolicyRecordRead?> ReadAsync(string accountId, string domain, CancellationToken cancellationToken = default)
    {
        var zone = await dns.GetZoneAsync(accountId, domain, cancellationToken);
        var dmarcName = DnsNames.DmarcName(domain);
        if (zone is not null)
        {
            var sets = await dns.GetRecordSetsAsync(zone.Name, dmarcName, cancellationToken);
            if (!sets.Any(s => s.Is("NS") || s.Is("CNAME")))
            {
                return RecordRepairService.Blocked(zone, sets) is { } blocked
                    ? PolicyRecordRead.Refused(PolicyRecordPlace.Zone, blocked)
                    : Parse(PolicyRecordPlace.Zone, dmarcName, [.. sets.Where(s => s.Is("TXT")).SelectMany(s => s.Values)]);
            }
        }

        var status = await statuses.GetAsync(accountId, domain, cancellationToken);
        if (status is null && zone is null)
        {
            return null;
        }

        if (status?.Status != DomainStatus.Active)
        {
            return PolicyRecordRead.Refused(PolicyRecordPlace.Delegated, status?.Status == DomainStatus.Blocked
                ? $"{domain} is Blocked (locked at p=reject); switch it to Active first."
                : $"The service cannot write the DMARC record of {domain}: it is not a zone of the account's DNS provider, and its _dmarc is not delegated to the service's name servers (status {status?.Status.ToString() ?? "unknown"}).");
        }

        try
        {
            var served = await delegated.GetAsync(domain, cancellationToken);
            return Parse(PolicyRecordPlace.Delegated, dmarcName, served is null ? [] : [served]);
        }
        catch (DelegationNotServedException ex)
        {
            return PolicyRecordRead.Refused(PolicyRecordPlace.Delegated, ex.Message);
        }
    }

    /// <summary>Writes the record's text where it was read, then reads it back; throws <see cref="DnsProviderException"/> when the read-back differs.</summary>
    public async Task WriteAsync(string accountId, string domain, PolicyRecordPlace place, string value, CancellationToken cancellationToken = default)
    {
        var dmarcName = DnsNames.DmarcName(domain);
        string? readBack;
        if (place == PolicyRecordPlace.Zone)
        {
            var zone = await dns.GetZoneAsync(accountId, domain, cancellationToken) ?? throw new DnsProviderException($"The zone {domain} is no longer the account's.");
            var sets = await dns.GetRecordSetsAsync(zone.Name, dmarcName, cancellationToken);
            if (ZonePlanner.DmarcValue(sets) != value)
            {
                await dns.UpsertRecordSetAsync(zone.Name, ZonePlanner.ApplyToTxt(dmarcName, sets, value)!, cancellationToken);
            }

            readBack = ZonePlanner.DmarcValue(await dns.GetRecordSetsAsync(zone.Name, dmarcName, cancellationToken));
        }
        else
        {
            if (await delegated.GetAsync(domain, cancellationToken) != value)
            {
                await delegated.ServeAsync(domain, value, cancellationToken);
            }

            readBack = await delegated.GetAsync(domain, cancellationToken);
        }

        if (readBack != value)
        {
            throw new DnsProviderException($"The change did not verify: {dmarcName} reads '{readBack ?? "no DMARC record"}', not '{value}'.");
        }
    }

    private static PolicyRecordRead Parse(PolicyRecordPlace place, string dmarcName, IReadOnlyList<string> txt)
    {
        var values = txt.Where(DmarcRecord.LooksLikeDmarc).ToArray();
        if (values.Length != 1)
        {
            return PolicyRecordRead.Refused(place, values.Length == 0
                ? $"{dmarcName} has no DMARC record; enable monitoring first, so reports show who sends."
                : $"{dmarcName} has {values.Length} DMARC records; receivers ignore them all. Remove all but one, then ask again.");
        }

        return DmarcRecord.TryParse(values[0], out var record, out var error)
            ? new PolicyRecordRead(place, record, null)
            : PolicyRecordRead.Refused(place, $"The DMARC record at {dmarcName} is not valid ({error}); repair it first (POST /api/domains/{{domain}}/record:repair).");
    }
}
