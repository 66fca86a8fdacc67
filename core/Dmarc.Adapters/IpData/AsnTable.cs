using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Dmarc.Adapters.IpData;

/// <summary>
/// AS number and organisation by IP address: IPv4 ranges as <see cref="uint"/>, IPv6 ranges as
/// <see cref="UInt128"/>, each in sorted arrays searched by bisection, pointing into one array of
/// distinct (AS number, organisation) entries.
/// </summary>
public sealed class AsnTable
{
    private readonly RangeTable<uint> _ipv4;
    private readonly RangeTable<UInt128> _ipv6;
    private readonly uint[] _asns;
    private readonly string[] _organisations;

    private AsnTable(RangeTable<uint> ipv4, RangeTable<UInt128> ipv6, AsnEntries entries, int overlaps)
    {
        _ipv4 = ipv4;
        _ipv6 = ipv6;
        (_asns, _organisations) = entries.Freeze();
        OrganisationCount = entries.OrganisationCount;
        Overlaps = overlaps;
    }

    public int Ipv4Ranges => _ipv4.Count;

    public int Ipv6Ranges => _ipv6.Count;

    public int OrganisationCount { get; }

    /// <summary>Rows of the files that overlapped an earlier row (the later row wins where they overlap).</summary>
    public int Overlaps { get; }

    /// <summary>Reads both CSV files (<c>asn-ipv4-num.csv</c>, <c>asn-ipv6-num.csv</c>).</summary>
    public static AsnTable Load(string ipv4CsvPath, string ipv6CsvPath)
    {
        using var ipv4 = OpenSequential(ipv4CsvPath);
        using var ipv6 = OpenSequential(ipv6CsvPath);
        return Load(ipv4, Path.GetFileName(ipv4CsvPath), ipv6, Path.GetFileName(ipv6CsvPath));
    }

    /// <summary>Reads both CSV streams; <paramref name="ipv4Source"/> and <paramref name="ipv6Source"/> name them in errors.</summary>
    public static AsnTable Load(Stream ipv4Csv, string ipv4Source, Stream ipv6Csv, string ipv6Source)
    {
        var entries = new AsnEntries();
        var ipv4 = new RangeTableBuilder<uint>();
        AsnCsv.Read(ipv4Csv, ipv4Source, entries, ipv4);
        var ipv6 = new RangeTableBuilder<UInt128>();
        AsnCsv.Read(ipv6Csv, ipv6Source, entries, ipv6);
        return new AsnTable(ipv4.Build(), ipv6.Build(), entries, ipv4.Overlaps + ipv6.Overlaps);
    }

    /// <summary>The AS holding <paramref name="address"/>; false when no range does (private and reserved ranges).</summary>
    public bool TryFind(IPAddress address, out uint asn, out string? organisation)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        var entry = address.AddressFamily == AddressFamily.InterNetwork
            ? _ipv4.Find(BinaryPrimitives.ReadUInt32BigEndian(bytes[..written]))
            : _ipv6.Find(BinaryPrimitives.ReadUInt128BigEndian(bytes[..written]));
        if (entry < 0)
        {
            asn = 0;
            organisation = null;
            return false;
        }

        asn = _asns[entry];
        organisation = _organisations[entry] is { Length: > 0 } name ? name : null;
        return true;
    }

    /// <summary>Bytes held by the range arrays and the entry arrays (organisation strings not included).</summary>
    public long ArrayBytes => _ipv4.SizeInBytes + _ipv6.SizeInBytes + ((long)_asns.Length * (sizeof(uint) + IntPtr.Size));

    private static FileStream OpenSequential(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
}
