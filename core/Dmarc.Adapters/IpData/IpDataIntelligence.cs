using System.Diagnostics;
using System.Net;
using Dmarc.Core.IpData;
using MaxMind.Db;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.IpData;

/// <summary>
/// Country from the ip-location-db MMDB (read with MaxMind.Db, the whole file in memory) and ASN
/// from its CSV (<see cref="AsnTable"/>). Both load once, on the first lookup, whichever thread
/// asks first; the other threads wait for that load. Addresses that are not on the public internet
/// (<see cref="NonPublicAddresses"/>) get neither, whatever the files say.
/// </summary>
public sealed partial class IpDataIntelligence : IIpIntelligence, IDisposable
{
    private readonly Lazy<Loaded> _data;
    private readonly ILogger<IpDataIntelligence> _logger;

    public IpDataIntelligence(IOptions<IpDataOptions> options, ILogger<IpDataIntelligence> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        var directory = options.Value.DataDirectory
            ?? throw new InvalidOperationException($"IpData:DataDirectory is not set; install the IP data with {IpDataOptions.SetupCommand}.");
        _data = new Lazy<Loaded>(() => Load(directory), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The ASN table, loading the data if no lookup has yet.</summary>
    public AsnTable Asn => _data.Value.Asn;

    /// <summary>When the country database was built (its MMDB metadata).</summary>
    public DateTime CountryBuildDate => _data.Value.Country.Metadata.BuildDate;

    public IpInfo Lookup(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (NonPublicAddresses.Contains(address))
        {
            return IpInfo.None;
        }

        var data = _data.Value;
        var country = data.Country.Find<CountryRecord>(address)?.CountryCode;
        return data.Asn.TryFind(address, out var asn, out var organisation)
            ? new IpInfo(country, asn, organisation)
            : country is null ? IpInfo.None : new IpInfo(country, null, null);
    }

    public void Dispose()
    {
        if (_data.IsValueCreated)
        {
            _data.Value.Country.Dispose();
        }
    }

    private Loaded Load(string directory)
    {
        var clock = Stopwatch.StartNew();
        var asn = AsnTable.Load(Path.Combine(directory, IpDataOptions.Ipv4AsnFile), Path.Combine(directory, IpDataOptions.Ipv6AsnFile));
        var country = new Reader(Path.Combine(directory, IpDataOptions.CountryFile), FileAccessMode.Memory);
        LogLoaded(_logger, clock.ElapsedMilliseconds, asn.Ipv4Ranges, asn.Ipv6Ranges, asn.OrganisationCount, country.Metadata.BuildDate, directory);
        return new Loaded(asn, country);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "IP data loaded in {ElapsedMs} ms: {Ipv4Ranges} IPv4 and {Ipv6Ranges} IPv6 ASN ranges, {Organisations} organisations; country database built {CountryBuilt:yyyy-MM-dd}; from {Directory}")]
    private static partial void LogLoaded(ILogger logger, long elapsedMs, int ipv4Ranges, int ipv6Ranges, int organisations, DateTime countryBuilt, string directory);

    private sealed record Loaded(AsnTable Asn, Reader Country);
}

/// <summary>A record of the country MMDB: <c>{"country_code": "US"}</c>.</summary>
internal sealed class CountryRecord
{
    [Constructor]
    public CountryRecord([MapKey("country_code")] string? countryCode) => CountryCode = countryCode;

    public string? CountryCode { get; }
}
