using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Dmarc.Adapters.IpData;

/// <summary>
/// Special-purpose ranges (RFC 6890 and the IANA registries) that are not on the public internet:
/// private, shared, loopback, link-local, documentation, benchmarking, multicast and reserved. They
/// have no country or AS whatever a data file says (the npm country data puts 192.168.0.0/16 in AU).
/// </summary>
public static class NonPublicAddresses
{
    private static readonly (uint Network, int Prefix)[] Ipv4 =
    [
        (0x00000000, 8), // "this network"
        (0x0A000000, 8), // private
        (0x64400000, 10), // shared address space (carrier-grade NAT)
        (0x7F000000, 8), // loopback
        (0xA9FE0000, 16), // link-local
        (0xAC100000, 12), // private
        (0xC0000000, 24), // IETF protocol assignments
        (0xC0000200, 24), // documentation (TEST-NET-1)
        (0xC0A80000, 16), // private
        (0xC6120000, 15), // benchmarking
        (0xC6336400, 24), // documentation (TEST-NET-2)
        (0xCB007100, 24), // documentation (TEST-NET-3)
        (0xE0000000, 4), // multicast
        (0xF0000000, 4), // reserved, and the limited broadcast address
    ];

    private static readonly (UInt128 Network, int Prefix)[] Ipv6 =
    [
        (UInt128.Zero, 127), // unspecified and loopback
        (new UInt128(0x0100_0000_0000_0000, 0), 64), // discard-only
        (new UInt128(0x2001_0db8_0000_0000, 0), 32), // documentation
        (new UInt128(0xfc00_0000_0000_0000, 0), 7), // unique local
        (new UInt128(0xfe80_0000_0000_0000, 0), 10), // link-local
        (new UInt128(0xff00_0000_0000_0000, 0), 8), // multicast
    ];

    /// <summary>True for an address in one of the ranges; IPv4-mapped IPv6 addresses are judged as IPv4.</summary>
    public static bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var number = BinaryPrimitives.ReadUInt32BigEndian(bytes[..written]);
            foreach (var (network, prefix) in Ipv4)
            {
                if ((number & (uint.MaxValue << (32 - prefix))) == network)
                {
                    return true;
                }
            }

            return false;
        }

        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes[..written]);
        foreach (var (network, prefix) in Ipv6)
        {
            if ((value & (UInt128.MaxValue << (128 - prefix))) == network)
            {
                return true;
            }
        }

        return false;
    }
}
