using System.Text;
using Dmarc.Core.Senders;

namespace Dmarc.Core.Tests.Senders;

public class SenderCatalogueValidationTests
{
    private static readonly string ValidService = CatalogueJson.Service("example-esp", spf: "[\"spf.example-esp.com\"]");

    private static InvalidDataException LoadServices(params string[] entries) =>
        Assert.Throws<InvalidDataException>(() => SenderCatalogue.Parse(CatalogueJson.Services(entries), CatalogueJson.Networks()));

    private static InvalidDataException LoadNetworks(params string[] entries) =>
        Assert.Throws<InvalidDataException>(() => SenderCatalogue.Parse(CatalogueJson.Services(ValidService), CatalogueJson.Networks(entries)));

    [Fact]
    public void A_valid_catalogue_loads_from_streams()
    {
        using var services = new MemoryStream(Encoding.UTF8.GetBytes(CatalogueJson.Services(ValidService)));
        using var networks = new MemoryStream(Encoding.UTF8.GetBytes(CatalogueJson.Networks(CatalogueJson.Network("example-cloud"))));

        var catalogue = SenderCatalogue.Load(services, networks);

        var service = Assert.Single(catalogue.Services);
        Assert.Equal(new Uri("https://docs.example/spf"), Assert.Single(service.Sources));
        Assert.Equal(SenderCategory.Transactional, service.Category);
        Assert.Equal("example-cloud", catalogue.HostingNetworkFor(4000)?.Id);
    }

    [Fact]
    public void A_duplicate_service_id_is_named()
    {
        var e = LoadServices(ValidService, CatalogueJson.Service("example-esp", spf: "[\"other.example\"]"));

        Assert.Contains("service 'example-esp'", e.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate id", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"evil sendgrid.net\"")]
    [InlineData("\"Sendgrid.net\"")]
    [InlineData("\"sendgrid.net.\"")]
    [InlineData("\"net\"")]
    [InlineData("\"co.uk\"")]
    [InlineData("\"-bad.example\"")]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void A_bad_domain_is_named_with_its_entry_and_field(string domain)
    {
        var e = LoadServices(ValidService, CatalogueJson.Service("bad-domains", dkim: $"[{domain}]"));

        Assert.Contains("service 'bad-domains'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'dkimDomains'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("23456")]
    [InlineData("64512")]
    [InlineData("65535")]
    [InlineData("4200000000")]
    [InlineData("4294967295")]
    [InlineData("99999999999")]
    public void An_asn_out_of_range_is_named(string asn)
    {
        var e = LoadServices(CatalogueJson.Service("bad-asn", asns: $"[{asn}]"));

        Assert.Contains("service 'bad-asn'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"ASN {asn} is out of range", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_without_identifiers_is_refused()
    {
        var e = LoadServices(CatalogueJson.Service("empty"));

        Assert.Contains("service 'empty' has no identifier", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_without_sources_is_refused()
    {
        var e = LoadServices(CatalogueJson.Service("unsourced", spf: "[\"spf.unsourced.example\"]", sources: "[]"));

        Assert.Contains("service 'unsourced' names no source", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_that_is_not_a_web_address_is_refused()
    {
        var e = LoadServices(CatalogueJson.Service("ftp-source", spf: "[\"spf.example.org\"]", sources: "[\"ftp://docs.example/spf\"]"));

        Assert.Contains("source 'ftp://docs.example/spf' is not an http(s) URL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_category_lists_the_known_ones()
    {
        var e = LoadServices(CatalogueJson.Service("odd", category: "\"newsletter\"", spf: "[\"spf.odd.example\"]"));

        Assert.Contains("service 'odd'", e.Message, StringComparison.Ordinal);
        Assert.Contains("security-gateway", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"Upper\"")]
    [InlineData("\"-leading\"")]
    [InlineData("null")]
    public void A_bad_id_is_named_by_position(string id)
    {
        var entry = CatalogueJson.Service("placeholder", spf: "[\"spf.example.org\"]").Replace("\"placeholder\"", id, StringComparison.Ordinal);

        var e = LoadServices(ValidService, entry);

        Assert.Contains(id is "\"Upper\"" or "\"-leading\"" ? "service '" : "service #2", e.Message, StringComparison.Ordinal);
        Assert.Contains("'id' must be", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_field_is_refused_with_its_path()
    {
        var entry = ValidService.Replace("\"dkimDomains\"", "\"dkim_domains\"", StringComparison.Ordinal);

        var e = LoadServices(entry);

        Assert.Contains("sending-services.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.services[0]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_json_is_refused()
    {
        var e = Assert.Throws<InvalidDataException>(() => SenderCatalogue.Parse("{ \"services\": [", CatalogueJson.Networks()));

        Assert.Contains("sending-services.json is not a valid catalogue file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_its_list_is_refused()
    {
        var e = Assert.Throws<InvalidDataException>(() => SenderCatalogue.Parse("{}", CatalogueJson.Networks()));

        Assert.Equal("sending-services.json has no 'services' list.", e.Message);
    }

    [Fact]
    public void A_duplicate_network_id_is_named()
    {
        var e = LoadNetworks(CatalogueJson.Network("cloud", "[4000]"), CatalogueJson.Network("cloud", "[4001]"));

        Assert.Contains("network 'cloud': duplicate id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_asn_listed_for_two_networks_is_refused()
    {
        var e = LoadNetworks(CatalogueJson.Network("first", "[4000]"), CatalogueJson.Network("second", "[4000]"));

        Assert.Contains("network 'second': AS4000 is already listed for network 'first'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_asn_out_of_range_is_named()
    {
        var e = LoadNetworks(CatalogueJson.Network("private", "[65000]"));

        Assert.Contains("network 'private': ASN 65000 is out of range", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_without_asns_is_refused()
    {
        var e = LoadNetworks(CatalogueJson.Network("empty", "[]"));

        Assert.Contains("network 'empty' lists no ASN", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_without_sources_is_refused()
    {
        var e = LoadNetworks(CatalogueJson.Network("unsourced", "[4000]", "[]"));

        Assert.Contains("network 'unsourced' names no source", e.Message, StringComparison.Ordinal);
    }
}
