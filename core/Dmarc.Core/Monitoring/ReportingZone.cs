using Dmarc.Core.Dns;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Monitoring;

/// <summary>
/// The service's own reporting zone: one external-destination authorisation record per
/// monitored domain (RFC 7489 §7.1, RFC 9990 §3.2.3), never a wildcard.
/// </summary>
public sealed class ReportingZone(IReportingDnsProvider dns, IOptions<MonitoringOptions> options)
{
    public const string AuthorizationValue = "v=DMARC1";

    private string Zone => options.Value.ReportingDomain.ToLowerInvariant();

    public Task AuthorizeAsync(string domain, CancellationToken cancellationToken = default) =>
        dns.Provider.UpsertRecordSetAsync(Zone, new RecordSet(Name(domain), "TXT", RecordSet.DefaultTtl, [AuthorizationValue]), cancellationToken);

    public Task RevokeAsync(string domain, CancellationToken cancellationToken = default) =>
        dns.Provider.DeleteRecordSetAsync(Zone, Name(domain), "TXT", cancellationToken);

    public async Task<bool> IsAuthorizedAsync(string domain, CancellationToken cancellationToken = default)
    {
        var sets = await dns.Provider.GetRecordSetsAsync(Zone, Name(domain), cancellationToken);
        return sets.Any(s => s.Is("TXT") && s.Values.Contains(AuthorizationValue));
    }

    /// <summary>The authorisation record of a domain as the reporting zone holds it now.</summary>
    public async Task<ReportingAuthorization> GetAuthorizationAsync(string domain, CancellationToken cancellationToken = default)
    {
        var name = Name(domain);
        var sets = await dns.Provider.GetRecordSetsAsync(Zone, name, cancellationToken);
        var value = sets.Where(s => s.Is("TXT")).SelectMany(s => s.Values).FirstOrDefault(v => v == AuthorizationValue);
        return new ReportingAuthorization(domain, name, value is not null, value);
    }

    private string Name(string domain) => DnsNames.AuthorizationName(domain, Zone);
}

/// <summary>Whether the reporting zone authorises reports about a domain: its record's name and value.</summary>
public sealed record ReportingAuthorization(string Domain, string Name, bool Exists, string? Value);

/// <summary>Port: the DNS provider that holds the reporting zone (configured apart from customers' zones).</summary>
public interface IReportingDnsProvider
{
    IDnsProvider Provider { get; }
}
