using System.Text.Json;
using Dmarc.Core.Dns;

namespace Dmarc.Adapters.Dns;

/// <summary>
/// Changes: what a change needs is read by name (the SOA with the zone's facts, and the name's
/// records, disabled ones included), written in one PATCH, rectified where PowerDNS does not,
/// notified to secondaries at once, and read back: the record sets as written (values, TTL,
/// disabled records) and the serial moved.
/// </summary>
public sealed partial class PowerDnsProvider
{
    /// <summary>Changes of more names than this read the whole zone once instead of each name.</summary>
    private const int NamesReadOneByOne = 8;

    /// <summary>A search answer this long may be cut short, so the whole zone is read instead.</summary>
    private const int SearchLimit = 1000;

    public Task UpsertRecordSetAsync(string zone, RecordSet recordSet, CancellationToken cancellationToken = default) =>
        UpsertRecordSetsAsync(zone, [recordSet], cancellationToken);

    public async Task UpsertRecordSetsAsync(string zone, IReadOnlyList<RecordSet> recordSets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recordSets);
        RefuseTypes(recordSets);
        if (recordSets.Count == 0)
        {
            return;
        }

        var names = recordSets.Select(s => s.Name).ToArray();
        var current = await ReadForChangeAsync(zone, names, cancellationToken);
        await ApplyAsync(zone, current, names, PowerDnsChange.Replace(current, recordSets), cancellationToken);
    }

    public async Task DeleteRecordSetAsync(string zone, string name, string type, CancellationToken cancellationToken = default)
    {
        var current = await ReadForChangeAsync(zone, [name], cancellationToken);
        await DeleteAsync(zone, current, name, type, cancellationToken);
    }

    /// <summary>
    /// The change from the read's basis, without reading the zone again, when PowerDNS raises the
    /// zone's serial itself (SOA-EDIT-API, as on every zone the API creates). Where this service
    /// raises the serial, the zone is read afresh first: a serial computed from an older read
    /// could repeat one another change already gave, and secondaries would miss this one.
    /// </summary>
    public async Task ChangeReadNameAsync(ZoneNameRead read, string type, RecordSet? recordSet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (recordSet is not null && !string.Equals(recordSet.Name, read.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The record set {recordSet.Name} is not at the name read, {read.Name}.", nameof(recordSet));
        }

        var zone = read.Zone.Name;
        var current = read.Basis is PdnsZone basis && PowerDnsText.Relative(basis.Name ?? "") == zone && PowerDnsChange.RaisesSerialItself(basis)
            ? basis
            : null;
        if (recordSet is null)
        {
            await DeleteAsync(zone, current ?? await ReadForChangeAsync(zone, [read.Name], cancellationToken), read.Name, type, cancellationToken);
            return;
        }

        RefuseTypes([recordSet]);
        current ??= await ReadForChangeAsync(zone, [read.Name], cancellationToken);
        await ApplyAsync(zone, current, [read.Name], PowerDnsChange.Replace(current, [recordSet]), cancellationToken);
    }

    private async Task DeleteAsync(string zone, PdnsZone current, string name, string type, CancellationToken cancellationToken)
    {
        if (PowerDnsChange.Delete(current, name, type) is { } rrsets)
        {
            await ApplyAsync(zone, current, [name], rrsets, cancellationToken);
        }
    }

    private static void RefuseTypes(IEnumerable<RecordSet> recordSets)
    {
        foreach (var set in recordSets)
        {
            var type = set.Type.ToUpperInvariant();
            if (TenantRecordPolicy.TypeRefusal(type) is { } refusal)
            {
                // LUA records run code on the server: readable (as pools), never written from here.
                throw new DnsProviderException($"Not sent to PowerDNS: the record set {set.Name} {type} is refused. {refusal}");
            }
        }
    }

    private async Task ApplyAsync(string zone, PdnsZone current, IReadOnlyList<string> names, List<PdnsRrset> rrsets, CancellationToken cancellationToken)
    {
        await SendAsync<JsonElement>(HttpMethod.Patch, ZoneUrl(zone), new { rrsets }, cancellationToken);
        if (current is { Dnssec: true, ApiRectify: false, Nsec3Narrow: false })
        {
            // Signed zones PowerDNS does not rectify on API changes get their ordernames set, so validators do not see a bogus denial.
            await SendAsync<JsonElement>(HttpMethod.Put, $"{ZoneUrl(zone)}/rectify", null, cancellationToken);
        }

        if (current.Kind is "Master" or "Primary")
        {
            await NotifyAsync(zone, cancellationToken);
        }

        var after = await ReadBackAsync(zone, current, names, cancellationToken);
        if (PowerDnsVerification.Problem(current, after, rrsets) is { } problem)
        {
            throw new DnsProviderException($"The change to {zone} did not verify: {problem}");
        }
    }

    /// <summary>
    /// Tells the zone's secondaries now rather than at the server's next check of changed serials
    /// (<c>xfr-cycle-interval</c>, a minute by default). That check still notifies if this fails,
    /// so a failure here does not fail the change.
    /// </summary>
    private async Task NotifyAsync(string zone, CancellationToken cancellationToken)
    {
        try
        {
            await SendOnceAsync<JsonElement>(HttpMethod.Put, $"{ZoneUrl(zone)}/notify", null, cancellationToken);
        }
        catch (Exception ex) when (ex is DnsProviderException or HttpRequestException)
        {
            // The server's own check notifies the secondaries.
        }
    }

    /// <summary>
    /// The zone's facts and SOA, with the record sets at the given names, disabled records included.
    /// PowerDNS 4.7 leaves disabled records out of reads filtered by rrset_name, so the names are
    /// read through search-data (which keeps them); many names, a cut-short search or a backend
    /// without search read the whole zone once.
    /// </summary>
    private async Task<PdnsZone> ReadForChangeAsync(string zone, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        var facts = await GetPdnsZoneAsync(zone, cancellationToken, zone, "SOA") ?? throw new DnsProviderException($"PowerDNS has no zone {zone}.");
        return await WithNamesAsync(facts, names, cancellationToken);
    }

    /// <summary>The zone's facts and SOA as read, with the record sets at the names added from searches (or the whole zone).</summary>
    private async Task<PdnsZone> WithNamesAsync(PdnsZone facts, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        var zone = PowerDnsText.Relative(facts.Name!);
        var distinct = names.Select(PowerDnsText.Relative).Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length > NamesReadOneByOne)
        {
            return await WholeZoneAsync(zone, cancellationToken);
        }

        var rrsets = new List<PdnsRrset>(facts.Rrsets ?? []);
        foreach (var name in distinct)
        {
            var found = await SearchNameAsync(zone, name, cancellationToken);
            if (found is null)
            {
                return await WholeZoneAsync(zone, cancellationToken);
            }

            rrsets.AddRange(found);
        }

        facts.Rrsets = rrsets;
        return facts;
    }

    /// <summary>
    /// The names as they are after a change, disabled records included, and the SOA when the
    /// change must have moved its serial: searches only, no read of the zone; a search that
    /// cannot be trusted falls back to reading the zone.
    /// </summary>
    private async Task<PdnsZone> ReadBackAsync(string zone, PdnsZone before, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        var distinct = names.Select(PowerDnsText.Relative).Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length > NamesReadOneByOne)
        {
            return await ReadForChangeAsync(zone, names, cancellationToken);
        }

        var rrsets = new List<PdnsRrset>();
        foreach (var name in distinct)
        {
            if (await SearchNameAsync(zone, name, cancellationToken) is not { } found)
            {
                return await ReadForChangeAsync(zone, names, cancellationToken);
            }

            rrsets.AddRange(found);
        }

        if (PowerDnsChange.SerialMustMove(before))
        {
            if (await SearchNameAsync(zone, zone, cancellationToken, soa: true) is not { } soa)
            {
                return await ReadForChangeAsync(zone, names, cancellationToken);
            }

            rrsets.AddRange(soa);
        }

        return new PdnsZone { Name = before.Name, Rrsets = rrsets };
    }

    private async Task<PdnsZone> WholeZoneAsync(string zone, CancellationToken cancellationToken) =>
        await GetPdnsZoneAsync(zone, cancellationToken) ?? throw new DnsProviderException($"PowerDNS has no zone {zone}.");

    /// <summary>The record sets at one name of the zone (SOA left out, or only the SOA), or null when the search cannot be trusted to be complete.</summary>
    private async Task<List<PdnsRrset>?> SearchNameAsync(string zone, string name, CancellationToken cancellationToken, bool soa = false)
    {
        List<PdnsSearchResult>? results;
        try
        {
            // The search matches names and contents case-insensitively; '_' and '%' are matched literally.
            results = await SendAsync<List<PdnsSearchResult>>(
                HttpMethod.Get, $"api/v1/servers/{options.Value.ServerId}/search-data?q={Uri.EscapeDataString(name)}&object_type=record&max={SearchLimit}", null, cancellationToken);
        }
        catch (DnsProviderException)
        {
            return null;
        }

        if (results is null || results.Count >= SearchLimit)
        {
            return null;
        }

        var absolute = PowerDnsText.Absolute(name);
        var zoneName = PowerDnsText.Absolute(zone);
        return [.. results
            .Where(r => r.ObjectType == "record" && r.Type is { Length: > 0 } && (r.Type == "SOA") == soa
                && string.Equals(r.Name, absolute, StringComparison.OrdinalIgnoreCase)
                && string.Equals(r.Zone, zoneName, StringComparison.OrdinalIgnoreCase))
            .GroupBy(r => r.Type!)
            .Select(g => new PdnsRrset
            {
                Name = absolute,
                Type = g.Key,
                Ttl = g.First().Ttl,
                Records = [.. g.Select(r => new PdnsRecord { Content = r.Content, Disabled = r.Disabled })],
            })];
    }
}
