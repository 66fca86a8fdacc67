using System.Net;
using System.Text.Json;
using Dmarc.Core.Dns;
using Dmarc.Core.Domains;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Dns;

/// <summary>
/// Serves the DMARC record of each domain that delegates <c>_dmarc</c> to the service: one zone
/// <c>_dmarc.&lt;domain&gt;</c> per domain on the reporting PowerDNS, owned by the account
/// <see cref="Account"/> (so it is never listed as a customer's zone), with the service's name
/// servers (<see cref="DomainStatusOptions.NameServers"/>) at its apex, SOA-EDIT-API DEFAULT, and
/// one TXT record at its apex. A zone of that name owned by anyone else is never touched.
/// </summary>
public sealed class PowerDnsDelegatedDmarc(HttpClient http, IOptions<PowerDnsOptions> powerDns, IOptions<DomainStatusOptions> status) : IDelegatedDmarcServer
{
    public const string Account = "dmarc-delegated";
    public const int Ttl = 300;
    private readonly PowerDnsApi _api = new(http, powerDns);

    public async Task<string?> GetAsync(string domain, CancellationToken cancellationToken = default)
    {
        var name = PowerDnsText.Absolute(DnsNames.DmarcName(domain));
        var zone = await GetZoneAsync(name, cancellationToken);
        return zone?.Rrsets?.FirstOrDefault(r => r.Name == name && r.Type == "TXT")?.Records?
            .Where(r => !r.Disabled).Select(r => PowerDnsText.UnquoteTxt(r.Content ?? "")).FirstOrDefault();
    }

    public async Task ServeAsync(string domain, string value, CancellationToken cancellationToken = default)
    {
        var name = PowerDnsText.Absolute(DnsNames.DmarcName(domain));
        var txt = new PdnsRrset { Name = name, Type = "TXT", Ttl = Ttl, Records = [new PdnsRecord { Content = PowerDnsText.QuoteTxt(value) }] };
        if (await GetZoneAsync(name, cancellationToken) is null)
        {
            await _api.SendAsync<PdnsZone>(HttpMethod.Post, _api.Zones, new PdnsZone
            {
                Name = name,
                Kind = powerDns.Value.PrimaryKind,
                Account = Account,
                SoaEditApi = "DEFAULT",
                Nameservers = [.. status.Value.ConfiguredNameServers.Select(PowerDnsText.Absolute)],
                Rrsets = [txt],
            }, cancellationToken);
        }
        else
        {
            txt.Changetype = "REPLACE";
            await _api.SendAsync<JsonElement>(HttpMethod.Patch, _api.ZoneUrl(name), new PdnsZone { Rrsets = [txt] }, cancellationToken);
        }

        if (powerDns.Value.PrimaryKind is "Master" or "Primary")
        {
            try
            {
                await _api.SendOnceAsync<JsonElement>(HttpMethod.Put, _api.ZoneUrl(name) + "/notify", null, cancellationToken);
            }
            catch (DnsProviderException)
            {
                // As for customers' zones: the server's own check every xfr-cycle-interval notifies the secondaries then.
            }
        }
    }

    private async Task<PdnsZone?> GetZoneAsync(string name, CancellationToken cancellationToken)
    {
        PdnsZone? zone;
        try
        {
            zone = await _api.SendAsync<PdnsZone>(HttpMethod.Get, $"{_api.ZoneUrl(name)}?rrset_name={Uri.EscapeDataString(name)}&rrset_type=TXT", null, cancellationToken);
        }
        catch (DnsProviderException ex) when (PowerDnsApi.StatusOf(ex) is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity)
        {
            return null; // no such zone yet
        }

        return zone?.Account == Account
            ? zone
            : throw new DelegationNotServedException($"The zone {PowerDnsText.Relative(name)} on the service's name servers belongs to '{zone?.Account}', not to the service; it is left alone.");
    }
}

/// <summary>The hosted provider keeps zones in Table Storage and serves no DNS, so it cannot serve delegated names.</summary>
public sealed class UnservedDelegatedDmarc : IDelegatedDmarcServer
{
    public const string Reason = "The service serves delegated _dmarc names only from PowerDNS; set Dns:ReportingProvider to PowerDns.";

    public Task<string?> GetAsync(string domain, CancellationToken cancellationToken = default) => throw new DelegationNotServedException(Reason);

    public Task ServeAsync(string domain, string value, CancellationToken cancellationToken = default) => throw new DelegationNotServedException(Reason);
}
