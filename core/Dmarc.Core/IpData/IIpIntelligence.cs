using System.Net;

namespace Dmarc.Core.IpData;

/// <summary>
/// What offline IP data says about an address: its country (ISO 3166-1 alpha-2) and the
/// autonomous system announcing it. Each part is null when the data has nothing for the address,
/// as for private and reserved ranges.
/// </summary>
public sealed record IpInfo(string? Country, uint? Asn, string? AsnOrganisation)
{
    public static IpInfo None { get; } = new(null, null, null);
}

/// <summary>Country and ASN of an IPv4 or IPv6 address, looked up in memory (no network call).</summary>
public interface IIpIntelligence
{
    /// <summary>IPv4-mapped IPv6 addresses (<c>::ffff:a.b.c.d</c>) are looked up as IPv4.</summary>
    IpInfo Lookup(IPAddress address);
}
