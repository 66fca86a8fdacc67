using Dmarc.Core.Validation;

namespace Dmarc.Core.Dns;

/// <summary>
/// Adds zones to accounts: never a public suffix (co.uk, github.io), never the service's
/// reporting zone or a name above or below it, never a parent or child of another account's zone.
/// </summary>
public sealed class TenantZoneService(IDnsProvider dns, PublicSuffixList suffixes, ReportingZoneGuard reporting)
{
    public async Task<TenantDnsResult<DnsZone>> CreateAsync(string accountId, DnsZone zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (suffixes.IsPublicSuffix(zone.Name))
        {
            return TenantDnsResult.Invalid<DnsZone>(ValidationErrors.Of(
                "name", $"{zone.Name} is a public suffix (Public Suffix List): domains are registered under it, so no account can hold it whole."));
        }

        if (reporting.Check(zone.Name) is { } reserved)
        {
            return TenantDnsResult.Refused<DnsZone>(reserved);
        }

        try
        {
            await dns.CreateZoneAsync(accountId, zone, cancellationToken);
        }
        catch (DnsConflictException)
        {
            return TenantDnsResult.Refused<DnsZone>(new(DnsRefusalKind.Conflict, "Zone exists", $"The zone {zone.Name} is already on the platform."));
        }
        catch (DnsZoneOverlapException ex)
        {
            return TenantDnsResult.Refused<DnsZone>(new(DnsRefusalKind.Conflict, "Zone overlaps another account's zone", ex.Message));
        }

        return TenantDnsResult.Done<DnsZone>(zone);
    }
}
