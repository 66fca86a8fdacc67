using Dmarc.Core.Senders;

namespace Dmarc.Core.Tests.Senders;

public class SenderCatalogueTests
{
    private static SenderCatalogue Catalogue => SenderCatalogue.Default;

    [Fact]
    public void The_shipped_catalogue_loads_with_at_least_thirty_services()
    {
        Assert.True(Catalogue.Services.Count >= 30, $"only {Catalogue.Services.Count} services");
    }

    [Fact]
    public void Every_service_has_an_identifier_and_a_source()
    {
        Assert.All(Catalogue.Services, s =>
        {
            Assert.True(
                s.ReverseDnsDomains.Count + s.DkimDomains.Count + s.SpfDomains.Count + s.Asns.Count > 0,
                $"{s.Id} has no identifier");
            Assert.NotEmpty(s.Sources);
            Assert.False(string.IsNullOrWhiteSpace(s.Name));
        });
    }

    [Fact]
    public void Service_ids_are_unique()
    {
        Assert.Equal(Catalogue.Services.Count, Catalogue.Services.Select(s => s.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("google-workspace", "Google Workspace")]
    [InlineData("microsoft-365", "Microsoft 365")]
    [InlineData("amazon-ses", "Amazon SES")]
    [InlineData("sendgrid", "SendGrid")]
    [InlineData("mailchimp", "Mailchimp")]
    [InlineData("mandrill", "Mailchimp Transactional (Mandrill)")]
    [InlineData("salesforce", "Salesforce")]
    [InlineData("salesforce-marketing-cloud", "Salesforce Marketing Cloud (ExactTarget)")]
    [InlineData("mailgun", "Mailgun")]
    [InlineData("postmark", "Postmark")]
    [InlineData("sparkpost", "SparkPost")]
    [InlineData("zendesk", "Zendesk")]
    [InlineData("hubspot", "HubSpot")]
    [InlineData("marketo", "Marketo (Adobe Marketo Engage)")]
    [InlineData("brevo", "Brevo (Sendinblue)")]
    [InlineData("mailjet", "Mailjet")]
    [InlineData("klaviyo", "Klaviyo")]
    [InlineData("mimecast", "Mimecast")]
    [InlineData("proofpoint-essentials", "Proofpoint Essentials")]
    [InlineData("zoho-mail", "Zoho Mail")]
    [InlineData("fastmail", "Fastmail")]
    [InlineData("yahoo", "Yahoo Mail")]
    public void The_required_services_are_present(string id, string name)
    {
        var service = Catalogue.ServiceById(id);
        Assert.NotNull(service);
        Assert.Equal(name, service.Name);
    }

    [Theory]
    [InlineData(16509u, "aws")]
    [InlineData(14618u, "aws")]
    [InlineData(8075u, "microsoft-azure")]
    [InlineData(15169u, "google-cloud")]
    [InlineData(31898u, "oracle-cloud")]
    [InlineData(14061u, "digitalocean")]
    [InlineData(63949u, "linode-akamai")]
    [InlineData(20473u, "vultr")]
    [InlineData(16276u, "ovh")]
    [InlineData(24940u, "hetzner")]
    [InlineData(45102u, "alibaba-cloud")]
    [InlineData(51167u, "contabo")]
    [InlineData(12876u, "scaleway")]
    public void The_required_hosting_networks_are_found_by_asn(uint asn, string id)
    {
        Assert.Equal(id, Catalogue.HostingNetworkFor(asn)?.Id);
    }

    [Fact]
    public void An_asn_of_no_hosting_network_finds_none()
    {
        Assert.Null(Catalogue.HostingNetworkFor(3320));
    }

    [Fact]
    public void Every_hosting_network_has_an_asn_and_a_source()
    {
        Assert.All(Catalogue.HostingNetworks, n =>
        {
            Assert.NotEmpty(n.Asns);
            Assert.NotEmpty(n.Sources);
        });
    }

    [Fact]
    public void The_default_catalogue_is_loaded_once()
    {
        Assert.Same(SenderCatalogue.Default, SenderCatalogue.Default);
    }
}
