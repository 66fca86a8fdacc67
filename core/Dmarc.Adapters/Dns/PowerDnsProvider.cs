using System.Net;
using System.Text.Json;
using Dmarc.Core.Dns;
using Dmarc.Core.Records;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Dns;

/// <summary>
/// PowerDNS Authoritative through its HTTP API. A zone's <c>account</c> field says which
/// account owns it; kind Slave/Consumer is secondary; PRESIGNED metadata is DNSSEC signed
/// outside the platform; a LUA record set is a pool (dynamic records).
/// </summary>
public sealed partial class PowerDnsProvider(HttpClient http, IOptions<PowerDnsOptions> options) : IDnsProvider
{
    public const string HttpClientName = "PowerDns";
    public const string LuaPool = "lua";
    private const int FactReadsAtOnce = 8;
    private readonly PowerDnsApi _api = new(http, options);

    private string Zones => _api.Zones;

    public async Task<IReadOnlyList<string>> ListZoneNamesAsync(string accountId, CancellationToken cancellationToken = default) =>
        [.. (await ListAccountZonesAsync(accountId, dnssec: false, cancellationToken)).Select(z => PowerDnsText.Relative(z.Name!))];

    public async Task<IReadOnlyList<DnsZone>> ListZonesAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var mine = await ListAccountZonesAsync(accountId, dnssec: true, cancellationToken);
        var result = new DnsZone[mine.Count];
        // One PRESIGNED read per zone, a few at a time; the listing itself was one call.
        await Parallel.ForEachAsync(
            Enumerable.Range(0, mine.Count),
            new ParallelOptions { MaxDegreeOfParallelism = FactReadsAtOnce, CancellationToken = cancellationToken },
            async (i, token) => result[i] = await ToZoneAsync(mine[i], token));
        return result;
    }

    /// <summary>
    /// The account's zones from one listing of the server; without DNSSEC facts unless asked
    /// (<c>dnssec=false</c> spares the server a key lookup per zone). Catalog Producer zones list
    /// member zones; writing _dmarc into one is wrong, so they are not the account's zones here.
    /// </summary>
    private async Task<List<PdnsZone>> ListAccountZonesAsync(string accountId, bool dnssec, CancellationToken cancellationToken) =>
        [.. (await ListServerZonesAsync(dnssec, cancellationToken)).Where(z => z.Account == accountId && z.Kind != "Producer" && z.Name is not null)];

    private async Task<List<PdnsZone>> ListServerZonesAsync(bool dnssec, CancellationToken cancellationToken) =>
        await SendAsync<List<PdnsZone>>(HttpMethod.Get, Zones + (dnssec ? "" : "?dnssec=false"), null, cancellationToken) ?? [];

    public async Task<DnsZone?> GetZoneAsync(string accountId, string zone, CancellationToken cancellationToken = default)
    {
        // The zone's facts only: its SOA record set, not every record of the zone.
        var found = await GetPdnsZoneAsync(zone, cancellationToken, zone, "SOA");
        return found is null || found.Account != accountId ? null : await ToZoneAsync(found, cancellationToken);
    }

    public async Task CreateZoneAsync(string accountId, DnsZone zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (zone.Dnssec == DnssecState.Presigned || zone.Kind == ZoneKind.Alias)
        {
            // The API refuses PRESIGNED metadata ("Unsupported metadata kind"), and PowerDNS has no alias zones.
            throw new DnsProviderException(zone.Kind == ZoneKind.Alias
                ? "PowerDNS has no alias zones."
                : $"PowerDNS's API cannot mark a zone pre-signed; run 'pdnsutil set-presigned {zone.Name}' on the server.");
        }

        // Checked before (no nested zone goes live) and after (two accounts racing for nested names both lose).
        await RefuseOverlapAsync(accountId, zone.Name, cancellationToken);
        var secondary = zone.Kind == ZoneKind.Secondary;
        var body = new PdnsZone
        {
            Name = PowerDnsText.Absolute(zone.Name),
            Kind = secondary ? "Slave" : options.Value.PrimaryKind,
            Account = accountId,
            Nameservers = secondary ? null : [.. options.Value.Nameservers.Select(PowerDnsText.Absolute)],
            Masters = secondary ? options.Value.SecondaryPrimaries : null,
        };
        await SendAsync<PdnsZone>(HttpMethod.Post, Zones, body, cancellationToken);
        try
        {
            await RefuseOverlapAsync(accountId, zone.Name, cancellationToken);
        }
        catch (DnsZoneOverlapException)
        {
            await SendAsync<JsonElement>(HttpMethod.Delete, ZoneUrl(zone.Name), null, CancellationToken.None);
            throw;
        }

        if (zone.Dnssec == DnssecState.PlatformSigned)
        {
            await SendAsync<JsonElement>(HttpMethod.Post, $"{ZoneUrl(zone.Name)}/cryptokeys", new { keytype = "csk", active = true }, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<RecordSet>> ListRecordSetsAsync(string zone, CancellationToken cancellationToken = default)
    {
        var found = await GetPdnsZoneAsync(zone, cancellationToken) ?? throw new DnsProviderException($"PowerDNS has no zone {zone}.");
        return (found.Rrsets ?? [])
            .Where(r => r.Type != "SOA")
            .Select(ToRecordSet)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ThenBy(s => s.Type, StringComparer.Ordinal)
            .ToArray();
    }

    public async Task<IReadOnlyList<RecordSet>> GetRecordSetsAsync(string zone, string name, CancellationToken cancellationToken = default)
    {
        var found = await GetPdnsZoneAsync(zone, cancellationToken, name) ?? throw new DnsProviderException($"PowerDNS has no zone {zone}.");
        return SetsAt(found, name);
    }

    private static RecordSet[] SetsAt(PdnsZone zone, string name)
    {
        var absolute = PowerDnsText.Absolute(name);
        return (zone.Rrsets ?? [])
            .Where(r => string.Equals(r.Name, absolute, StringComparison.OrdinalIgnoreCase) && r.Type != "SOA")
            .Select(ToRecordSet)
            .ToArray();
    }

    /// <summary>Every change is read back and verified (see <see cref="PowerDnsVerification"/>).</summary>
    public bool VerifiesWrites => true;

    /// <summary>
    /// One GET of the zone (its facts and SOA) and a search for the name, disabled records
    /// included: what a change of that name needs, kept as the read's basis (see
    /// <see cref="ChangeReadNameAsync"/>). The sets returned hold the enabled records.
    /// </summary>
    public async Task<ZoneNameRead?> GetZoneAndRecordSetsAsync(string accountId, string zone, string name, CancellationToken cancellationToken = default)
    {
        var found = await GetPdnsZoneAsync(zone, cancellationToken, zone, "SOA");
        if (found is null || found.Account != accountId)
        {
            return null;
        }

        var basis = await WithNamesAsync(found, [name], cancellationToken);
        var sets = SetsAt(basis, name).Where(s => s.Values.Count > 0).ToArray();
        return new ZoneNameRead(await ToZoneAsync(found, cancellationToken), name, sets, basis);
    }

    /// <summary>Another account's zone (or one of no account) equal to, above or below the name; zones of one account may nest.</summary>
    private async Task RefuseOverlapAsync(string accountId, string zone, CancellationToken cancellationToken)
    {
        foreach (var other in (await ListServerZonesAsync(dnssec: false, cancellationToken)).Where(z => z.Account != accountId && z.Name is not null))
        {
            var name = PowerDnsText.Relative(other.Name!);
            if (name == zone)
            {
                throw new DnsConflictException($"The zone {zone} already exists.");
            }

            if (DnsNames.IsAtOrBelow(zone, name) || DnsNames.IsAtOrBelow(name, zone))
            {
                throw new DnsZoneOverlapException(zone, name);
            }
        }
    }

    private string ZoneUrl(string zone) => $"{Zones}/{Uri.EscapeDataString(PowerDnsText.Absolute(zone))}";

    /// <summary>The zone, with only the record sets of one name (and type) when asked for (PowerDNS 4.7+ filters them).</summary>
    private async Task<PdnsZone?> GetPdnsZoneAsync(string zone, CancellationToken cancellationToken, string? rrsetName = null, string? rrsetType = null)
    {
        var query = rrsetName is null ? "" : $"?rrset_name={Uri.EscapeDataString(PowerDnsText.Absolute(rrsetName))}" + (rrsetType is null ? "" : $"&rrset_type={Uri.EscapeDataString(rrsetType)}");
        try
        {
            return await SendAsync<PdnsZone>(HttpMethod.Get, ZoneUrl(zone) + query, null, cancellationToken);
        }
        catch (DnsProviderException ex) when (PowerDnsApi.StatusOf(ex) is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity)
        {
            return null;
        }
    }

    private async Task<DnsZone> ToZoneAsync(PdnsZone zone, CancellationToken cancellationToken)
    {
        // PowerDNS 4.8+ also writes Primary/Secondary; catalog Consumer zones are served from elsewhere.
        var kind = zone.Kind is "Slave" or "Secondary" or "Consumer" ? ZoneKind.Secondary : ZoneKind.Primary;
        var presigned = await SendAsync<PdnsMetadata>(HttpMethod.Get, $"{ZoneUrl(zone.Name!)}/metadata/PRESIGNED", null, cancellationToken);
        var dnssec = presigned?.Metadata?.Contains("1") == true
            ? DnssecState.Presigned
            : zone.Dnssec ? DnssecState.PlatformSigned : DnssecState.NotSigned;
        return new DnsZone(PowerDnsText.Relative(zone.Name!), kind, dnssec);
    }

    private static RecordSet ToRecordSet(PdnsRrset rrset)
    {
        var records = (rrset.Records ?? []).Where(r => !r.Disabled).Select(r => rrset.Type == "TXT" ? PowerDnsText.UnquoteTxt(r.Content!) : r.Content!).ToArray();
        return new RecordSet(PowerDnsText.Relative(rrset.Name!), rrset.Type!, rrset.Ttl ?? RecordSet.DefaultTtl, records, rrset.Type == "LUA" ? LuaPool : null);
    }

    private Task<T?> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        _api.SendAsync<T>(method, path, body, cancellationToken);

    private Task<T?> SendOnceAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        _api.SendOnceAsync<T>(method, path, body, cancellationToken);
}
