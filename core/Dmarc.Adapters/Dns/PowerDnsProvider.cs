using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dmarc.Core.Dns;
using Dmarc.Core.Records;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Dns;

/// <summary>
/// PowerDNS Authoritative through its HTTP API. A zone's <c>account</c> field says which
/// account owns it; kind Slave/Consumer is secondary; PRESIGNED metadata is DNSSEC signed
/// outside the platform; a LUA record set is a pool (dynamic records).
/// </summary>
public sealed class PowerDnsProvider(HttpClient http, IOptions<PowerDnsOptions> options) : IDnsProvider
{
    public const string HttpClientName = "PowerDns";
    public const string LuaPool = "lua";
    private const int MaxAttempts = 8;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private string Zones => $"api/v1/servers/{options.Value.ServerId}/zones";

    public async Task<IReadOnlyList<DnsZone>> ListZonesAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var zones = await SendAsync<List<PdnsZone>>(HttpMethod.Get, Zones, null, cancellationToken) ?? [];
        // Catalog Producer zones list member zones; writing _dmarc into one is wrong, so they are not the account's zones here.
        var mine = zones.Where(z => z.Account == accountId && z.Kind != "Producer").ToArray();
        var result = new List<DnsZone>(mine.Length);
        foreach (var zone in mine)
        {
            result.Add(await ToZoneAsync(zone, cancellationToken));
        }

        return result;
    }

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
        var absolute = PowerDnsText.Absolute(name);
        return (found.Rrsets ?? [])
            .Where(r => string.Equals(r.Name, absolute, StringComparison.OrdinalIgnoreCase) && r.Type != "SOA")
            .Select(ToRecordSet)
            .ToArray();
    }

    public async Task UpsertRecordSetAsync(string zone, RecordSet recordSet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recordSet);
        var type = recordSet.Type.ToUpperInvariant();
        if (TenantRecordPolicy.TypeRefusal(type) is { } refusal)
        {
            // LUA records run code on the server: readable (as pools), never written from here.
            throw new DnsProviderException($"Not sent to PowerDNS: the record set {recordSet.Name} {type} is refused. {refusal}");
        }

        var current = await ZoneForChangeAsync(zone, cancellationToken);
        await SendAsync<JsonElement>(HttpMethod.Patch, ZoneUrl(zone), new { rrsets = PowerDnsChange.Replace(current, recordSet) }, cancellationToken);
        await RectifyIfNeededAsync(zone, current, cancellationToken);
    }

    public async Task DeleteRecordSetAsync(string zone, string name, string type, CancellationToken cancellationToken = default)
    {
        var current = await ZoneForChangeAsync(zone, cancellationToken);
        await SendAsync<JsonElement>(HttpMethod.Patch, ZoneUrl(zone), new { rrsets = PowerDnsChange.Delete(current, name, type) }, cancellationToken);
        await RectifyIfNeededAsync(zone, current, cancellationToken);
    }

    /// <summary>Another account's zone (or one of no account) equal to, above or below the name; zones of one account may nest.</summary>
    private async Task RefuseOverlapAsync(string accountId, string zone, CancellationToken cancellationToken)
    {
        var zones = await SendAsync<List<PdnsZone>>(HttpMethod.Get, Zones, null, cancellationToken) ?? [];
        foreach (var other in zones.Where(z => z.Account != accountId && z.Name is not null))
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
        catch (DnsProviderException ex) when (ex.Data["status"] is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity)
        {
            return null;
        }
    }

    /// <summary>
    /// What a change needs to know of the zone: every record set, disabled records included.
    /// PowerDNS 4.7 leaves disabled records out of a read filtered by rrset_name (seen against
    /// 4.7.3), so a change reads the whole zone; plain reads use the filter.
    /// </summary>
    private Task<PdnsZone?> ZoneForChangeAsync(string zone, CancellationToken cancellationToken) =>
        GetPdnsZoneAsync(zone, cancellationToken);

    /// <summary>Signed zones PowerDNS does not rectify on API changes get their ordernames set, so validators do not see a bogus denial.</summary>
    private async Task RectifyIfNeededAsync(string zone, PdnsZone? current, CancellationToken cancellationToken)
    {
        if (current is { Dnssec: true, ApiRectify: false, Nsec3Narrow: false })
        {
            await SendAsync<JsonElement>(HttpMethod.Put, $"{ZoneUrl(zone)}/rectify", null, cancellationToken);
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

    /// <summary>
    /// Sends a call, retrying server errors (a busy SQLite backend answers 500 "database is
    /// locked"); every call here is idempotent: reads, REPLACE and DELETE of a record set.
    /// </summary>
    private async Task<T?> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync<T>(method, path, body, cancellationToken);
            }
            catch (DnsProviderException ex) when (attempt < MaxAttempts && ex.Data["status"] is HttpStatusCode status && (int)status >= 500)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 50 * attempt * attempt) + Random.Shared.Next(200)), cancellationToken);
            }
        }
    }

    private async Task<T?> SendOnceAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-API-Key", options.Value.ApiKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var error = new DnsProviderException($"PowerDNS answered {(int)response.StatusCode} to {method} {path}: {ErrorOf(text)}");
            error.Data["status"] = response.StatusCode;
            throw response.StatusCode == HttpStatusCode.Conflict ? new DnsConflictException(error.Message) : error;
        }

        return response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
            ? default
            : await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
    }

    private static string ErrorOf(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.GetProperty("error").GetString() ?? body;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body;
        }
    }
}
