using System.Net;
using Dmarc.Adapters.IpData;
using Dmarc.Core.IpData;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Tests.IpData;

/// <summary>The real ip-location-db data, installed by the test setup (scripts/install-ipdata.sh), loaded once for the class.</summary>
public sealed class IpDataIntelligenceTests(IpDataIntelligenceTests.Data data) : IClassFixture<IpDataIntelligenceTests.Data>
{
    [Theory]
    [InlineData("40.107.22.100", 8075u, "Microsoft")]
    [InlineData("209.85.220.41", 15169u, "Google")]
    [InlineData("54.240.8.20", 14618u, "Amazon")]
    [InlineData("167.89.123.45", 11377u, "SendGrid")]
    [InlineData("159.89.100.20", 14061u, "DigitalOcean")]
    [InlineData("::ffff:209.85.220.41", 15169u, "Google")]
    [InlineData("2a01:111:f400::1", 8075u, "Microsoft")]
    [InlineData("2607:f8b0:4004::1", 15169u, "Google")]
    [InlineData("2600:1f18::1", 14618u, "Amazon")]
    public void A_mail_senders_address_has_its_as_and_a_country(string address, uint asn, string organisation)
    {
        var info = data.Intelligence.Lookup(IPAddress.Parse(address));

        Assert.Equal(asn, info.Asn);
        Assert.Contains(organisation, info.AsnOrganisation, StringComparison.Ordinal);
        Assert.Matches("^[A-Z]{2}$", info.Country);
    }

    [Theory]
    [InlineData("40.107.22.100")]
    [InlineData("209.85.220.41")]
    [InlineData("2607:f8b0:4004::1")]
    public void A_us_company_network_reports_its_country(string address)
    {
        // Microsoft's, Google's: registered in the US (whois), as the MMDB says.
        Assert.Equal("US", data.Intelligence.Lookup(IPAddress.Parse(address)).Country);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("192.168.1.1")] // the release's MMDB says AU
    [InlineData("100.64.0.1")]
    [InlineData("192.0.2.1")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("::ffff:192.168.1.1")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("2001:db8::25")]
    [InlineData("ff02::1")]
    public void A_private_or_reserved_address_has_no_as_and_no_country(string address)
    {
        Assert.Equal(IpInfo.None, data.Intelligence.Lookup(IPAddress.Parse(address)));
    }

    [Fact]
    public void The_whole_release_loads_with_its_one_overlapping_row_resolved()
    {
        var asn = data.Intelligence.Asn;

        Assert.InRange(asn.Ipv4Ranges, 300_000, 420_000);
        Assert.InRange(asn.Ipv6Ranges, 80_000, 110_000);
        Assert.InRange(asn.OrganisationCount, 70_000, 90_000);
        // asn-ipv4-num.csv line 399116 (AS721) starts inside line 399115 (AS749).
        Assert.Equal(1, asn.Overlaps);
        Assert.Equal(new DateTime(2026, 6, 17), data.Intelligence.CountryBuildDate.Date);
    }

    [Fact]
    public void Many_threads_looking_up_at_once_share_one_load()
    {
        using var intelligence = new IpDataIntelligence(Options.Create(new IpDataOptions { DataDirectory = Data.Directory }), NullLogger<IpDataIntelligence>.Instance);
        var results = new IpInfo[8];

        Parallel.For(0, results.Length, i => results[i] = intelligence.Lookup(IPAddress.Parse("167.89.123.45")));

        Assert.All(results, r => Assert.Equal(11377u, r.Asn));
        Assert.All(results, r => Assert.Same(results[0].AsnOrganisation, r.AsnOrganisation));
    }

    [Fact]
    public void The_adapters_register_one_intelligence_that_finds_the_installed_data()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["IpData:DataDirectory"] = Data.Directory,
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddIpData(configuration).BuildServiceProvider();

        var first = provider.GetRequiredService<IIpIntelligence>();

        Assert.Same(first, provider.GetRequiredService<IIpIntelligence>());
        Assert.Equal(Data.Directory, provider.GetRequiredService<IOptions<IpDataOptions>>().Value.DataDirectory);
    }

    /// <summary>The data folder the test script exports (IpData__DataDirectory), else the install folder above the tests.</summary>
    public sealed class Data : IDisposable
    {
        public static string Directory { get; } =
            IpDataOptions.Resolve(Environment.GetEnvironmentVariable("IpData__DataDirectory"), AppContext.BaseDirectory)
            ?? throw new DirectoryNotFoundException($"No IP data at or above {AppContext.BaseDirectory}: run {IpDataOptions.SetupCommand}.");

        public IpDataIntelligence Intelligence { get; } =
            new(Options.Create(new IpDataOptions { DataDirectory = Directory }), NullLogger<IpDataIntelligence>.Instance);

        public void Dispose() => Intelligence.Dispose();
    }
}
