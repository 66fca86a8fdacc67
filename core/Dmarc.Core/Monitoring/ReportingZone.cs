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

    private string Name(string domain) => DnsNames.AuthorizationName(domain, Zone);
}

/// <summary>Port: the DNS provider that holds the reporting zone (configured apart from customers' zones).</summary>
public interface IReportingDnsProvider
{
    IDnsProvider Provider { get; }
}
