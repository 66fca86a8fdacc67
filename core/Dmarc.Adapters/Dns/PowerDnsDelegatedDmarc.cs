using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
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
    private const int MaxAttempts = 5;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private string Zones => $"api/v1/servers/{powerDns.Value.ServerId}/zones";

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
            using var _ = await SendAsync(HttpMethod.Post, Zones, new PdnsZone
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
            using var _ = await SendAsync(HttpMethod.Patch, ZoneUrl(name), new PdnsZone { Rrsets = [txt] }, cancellationToken);
        }

        if (powerDns.Value.PrimaryKind is "Master" or "Primary")
        {
            try
            {
                (await SendAsync(HttpMethod.Put, ZoneUrl(name) + "/notify", null, cancellationToken))?.Dispose();
            }
            catch (DnsProviderException)
            {
                // As for customers' zones: the server's own check every xfr-cycle-interval notifies the secondaries then.
            }
        }
    }

    private async Task<PdnsZone?> GetZoneAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{ZoneUrl(name)}?rrset_name={Uri.EscapeDataString(name)}&rrset_type=TXT", null, cancellationToken, missingIsNull: true);
        if (response is null)
        {
            return null;
        }

        var zone = await response.Content.ReadFromJsonAsync<PdnsZone>(Json, cancellationToken);
        return zone?.Account == Account
            ? zone
            : throw new DelegationNotServedException($"The zone {PowerDnsText.Relative(name)} on the service's name servers belongs to '{zone?.Account}', not to the service; it is left alone.");
    }

    private string ZoneUrl(string name) => $"{Zones}/{Uri.EscapeDataString(name)}";

    private async Task<HttpResponseMessage?> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken, bool missingIsNull = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add("X-API-Key", powerDns.Value.ApiKey);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, body.GetType(), options: Json);
            }

            var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = response.StatusCode;
            response.Dispose();
            if (missingIsNull && status is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity)
            {
                return null;
            }

            if ((int)status < 500 || attempt == MaxAttempts)
            {
                throw new DnsProviderException($"PowerDNS answered {(int)status} to {method} {path}: {text}");
            }

            // SQLite's "database is locked" under concurrent writers: the same request succeeds shortly after.
            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
        }
    }
}

/// <summary>The hosted provider keeps zones in Table Storage and serves no DNS, so it cannot serve delegated names.</summary>
public sealed class UnservedDelegatedDmarc : IDelegatedDmarcServer
{
    public const string Reason = "The service serves delegated _dmarc names only from PowerDNS; set Dns:ReportingProvider to PowerDns.";

    public Task<string?> GetAsync(string domain, CancellationToken cancellationToken = default) => throw new DelegationNotServedException(Reason);

    public Task ServeAsync(string domain, string value, CancellationToken cancellationToken = default) => throw new DelegationNotServedException(Reason);
}
