using Dmarc.Core.Monitoring;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Dns;

/// <summary>
/// The reporting zone (Monitoring:ReportingDomain) belongs to the service: no account may hold
/// it, a name under it, or a name above it (whose zone could delegate or shadow it).
/// </summary>
public sealed class ReportingZoneGuard(IOptions<MonitoringOptions> options)
{
    private string ReportingDomain => options.Value.ReportingDomain.TrimEnd('.').ToLowerInvariant();

    /// <summary>The refusal when the name is the reporting zone, below it or above it; else null.</summary>
    public DnsRefusal? Check(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var reporting = ReportingDomain;
        if (reporting.Length == 0 || !(DnsNames.IsAtOrBelow(name, reporting) || DnsNames.IsAtOrBelow(reporting, name)))
        {
            return null;
        }

        var where = name == reporting ? "is" : DnsNames.IsAtOrBelow(name, reporting) ? "is under" : "is above";
        return new DnsRefusal(
            DnsRefusalKind.Forbidden,
            "Reserved for the service",
            $"{name} {where} the service's reporting zone {reporting}; no account may create, import into or write it.");
    }
}
