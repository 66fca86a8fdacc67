namespace Dmarc.Core.Dns;

/// <summary>
/// Port: the DNS platform that holds the customers' zones (hosted zones in Table Storage,
/// PowerDNS, ...). Zone and record names are normalised (<see cref="DnsNames.Normalize"/>).
/// </summary>
public interface IDnsProvider
{
    /// <summary>Every zone of the account.</summary>
    Task<IReadOnlyList<DnsZone>> ListZonesAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The names of every zone of the account, without per-zone facts: one cheap listing, for
    /// starting work whose workers read each zone's facts themselves.
    /// </summary>
    Task<IReadOnlyList<string>> ListZoneNamesAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>One zone of the account with its facts (kind, DNSSEC), or null.</summary>
    Task<DnsZone?> GetZoneAsync(string accountId, string zone, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a zone for the account; throws <see cref="DnsConflictException"/> if it exists and
    /// <see cref="DnsZoneOverlapException"/> if it is a parent or child of another account's zone
    /// (zones of one account may nest).
    /// </summary>
    Task CreateZoneAsync(string accountId, DnsZone zone, CancellationToken cancellationToken = default);

    /// <summary>Every record set of a zone, by name then type (the provider's SOA left out).</summary>
    Task<IReadOnlyList<RecordSet>> ListRecordSetsAsync(string zone, CancellationToken cancellationToken = default);

    /// <summary>All record sets at one name of a zone (any type).</summary>
    Task<IReadOnlyList<RecordSet>> GetRecordSetsAsync(string zone, string name, CancellationToken cancellationToken = default);

    /// <summary>True when each write reads itself back and fails unless the records are as written (PowerDNS), so callers need not read back again.</summary>
    bool VerifiesWrites => false;

    /// <summary>
    /// One zone of the account and the record sets at one of its names, in one read of the zone
    /// where the provider can (PowerDNS); null when the zone is not the account's.
    /// </summary>
    async Task<ZoneNameRead?> GetZoneAndRecordSetsAsync(string accountId, string zone, string name, CancellationToken cancellationToken = default) =>
        await GetZoneAsync(accountId, zone, cancellationToken) is { } found ? new ZoneNameRead(found, name, await GetRecordSetsAsync(found.Name, name, cancellationToken)) : null;

    /// <summary>
    /// Replaces the record set of one type at the name of <paramref name="read"/> with
    /// <paramref name="recordSet"/>, or deletes it when that is null, from what was read where the
    /// provider can (PowerDNS: no second read of the zone before its PATCH). The same refusals as
    /// <see cref="UpsertRecordSetAsync"/>.
    /// </summary>
    Task ChangeReadNameAsync(ZoneNameRead read, string type, RecordSet? recordSet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        return recordSet is null
            ? DeleteRecordSetAsync(read.Zone.Name, read.Name, type, cancellationToken)
            : UpsertRecordSetAsync(read.Zone.Name, recordSet, cancellationToken);
    }

    /// <summary>
    /// Creates or replaces the record set of the set's name and type. Types outside
    /// <see cref="TenantRecordPolicy.WritableTypes"/> are refused with <see cref="DnsProviderException"/>.
    /// </summary>
    Task UpsertRecordSetAsync(string zone, RecordSet recordSet, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or replaces several record sets of one zone as one change where the provider can
    /// (PowerDNS: one PATCH, all or nothing); the same refusals as <see cref="UpsertRecordSetAsync"/>,
    /// checked before anything is written.
    /// </summary>
    Task UpsertRecordSetsAsync(string zone, IReadOnlyList<RecordSet> recordSets, CancellationToken cancellationToken = default);

    /// <summary>Deletes the record set of a name and type; nothing happens if there is none.</summary>
    Task DeleteRecordSetAsync(string zone, string name, string type, CancellationToken cancellationToken = default);
}

/// <summary>
/// A zone, one of its names and the record sets there, as read together. <see cref="Basis"/> is
/// the provider's own copy of what it read (opaque to callers), which lets it change that name
/// without reading the zone again.
/// </summary>
public sealed record ZoneNameRead(DnsZone Zone, string Name, IReadOnlyList<RecordSet> Sets, object? Basis = null);

/// <summary>The zone or record already exists.</summary>
public sealed class DnsConflictException(string message) : Exception(message);

/// <summary>The provider refused or failed a call; the message says why.</summary>
public sealed class DnsProviderException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The new zone would be a parent or a child of another account's zone; nothing was created.</summary>
public sealed class DnsZoneOverlapException(string zone, string otherZone)
    : Exception(DnsNames.IsAtOrBelow(zone, otherZone)
        ? $"The zone {zone} is inside {otherZone}, a zone of another account."
        : $"The zone {zone} contains {otherZone}, a zone of another account.")
{
    public string Zone { get; } = zone;

    public string OtherZone { get; } = otherZone;
}
