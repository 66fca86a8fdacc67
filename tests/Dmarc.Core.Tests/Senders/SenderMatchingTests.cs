using Dmarc.Core.Senders;

namespace Dmarc.Core.Tests.Senders;

public class SenderMatchingTests
{
    private static SenderCatalogue Catalogue => SenderCatalogue.Default;

    private static SenderEvidence ReverseDns(string host) => SenderEvidence.None with { ConfirmedReverseDns = host };

    private static SenderEvidence Dkim(params string[] domains) => SenderEvidence.None with { DkimPassDomains = domains };

    private static SenderEvidence Spf(string domain) => SenderEvidence.None with { SpfPassDomain = domain };

    private static SenderEvidence Asn(uint asn) => SenderEvidence.None with { Asn = asn };

    [Fact]
    public void A_forward_confirmed_ptr_name_under_the_base_domain_matches_strongly()
    {
        var match = Catalogue.MatchService(ReverseDns("o1.ptr2.sendgrid.net"));

        Assert.NotNull(match);
        Assert.Equal("sendgrid", match.Service.Id);
        Assert.Equal(MatchStrength.Strong, match.Strength);
        var evidence = Assert.Single(match.Evidence);
        Assert.Equal(new MatchedEvidence(EvidenceKind.ReverseDns, "o1.ptr2.sendgrid.net", "sendgrid.net", MatchStrength.Strong), evidence);
    }

    [Fact]
    public void The_base_domain_itself_matches()
    {
        Assert.Equal("sendgrid", Catalogue.MatchService(ReverseDns("sendgrid.net"))?.Service.Id);
    }

    [Theory]
    [InlineData("evilsendgrid.net")]
    [InlineData("sendgrid.net.evil.example")]
    [InlineData("mail.sendgrid.network")]
    [InlineData("xsendgrid.net")]
    public void Names_that_only_contain_the_base_domain_do_not_match(string host)
    {
        Assert.Null(Catalogue.MatchService(ReverseDns(host)));
        Assert.Null(Catalogue.MatchService(Dkim(host)));
        Assert.Null(Catalogue.MatchService(Spf(host)));
    }

    [Fact]
    public void Matching_ignores_case_and_a_trailing_dot()
    {
        Assert.Equal("sendgrid", Catalogue.MatchService(ReverseDns("O1.PTR2.SendGrid.NET."))?.Service.Id);
    }

    [Fact]
    public void A_passing_dkim_signature_of_the_service_matches_strongly()
    {
        var match = Catalogue.MatchService(Dkim("customer.example", "amazonses.com"));

        Assert.NotNull(match);
        Assert.Equal("amazon-ses", match.Service.Id);
        var evidence = Assert.Single(match.Evidence);
        Assert.Equal(EvidenceKind.Dkim, evidence.Kind);
        Assert.Equal(MatchStrength.Strong, evidence.Strength);
    }

    [Fact]
    public void A_dkim_domain_below_the_listed_domain_matches()
    {
        var match = Catalogue.MatchService(Dkim("example-com.20230601.gappssmtp.com"));

        Assert.Equal("google-workspace", match?.Service.Id);
        Assert.Equal("gappssmtp.com", match?.Evidence[0].Identifier);
    }

    [Fact]
    public void The_customers_own_dkim_domain_matches_no_service()
    {
        Assert.Null(Catalogue.MatchService(Dkim("customer.example")));
    }

    [Fact]
    public void An_spf_domain_matches_moderately()
    {
        var match = Catalogue.MatchService(Spf("bounce.us-east-1.amazonses.com"));

        Assert.NotNull(match);
        Assert.Equal("amazon-ses", match.Service.Id);
        Assert.Equal(MatchStrength.Moderate, match.Strength);
        Assert.Equal(EvidenceKind.Spf, match.Evidence[0].Kind);
    }

    [Fact]
    public void A_documented_include_domain_matches_its_service()
    {
        Assert.Equal("mimecast", Catalogue.MatchService(Spf("eu._netblocks.mimecast.com"))?.Service.Id);
        Assert.Equal("microsoft-365", Catalogue.MatchService(Spf("spf.protection.outlook.com"))?.Service.Id);
    }

    [Fact]
    public void An_asn_that_belongs_to_the_service_alone_matches_weakly()
    {
        var catalogue = SenderCatalogue.Parse(
            CatalogueJson.Services(CatalogueJson.Service("example-esp", asns: "[64000]")),
            CatalogueJson.Networks());

        var match = catalogue.MatchService(Asn(64000));

        Assert.NotNull(match);
        Assert.Equal(MatchStrength.Weak, match.Strength);
        Assert.Equal(new MatchedEvidence(EvidenceKind.Asn, "64000", "AS64000", MatchStrength.Weak), Assert.Single(match.Evidence));
    }

    [Theory]
    [InlineData(16509u, "aws")]
    [InlineData(8075u, "microsoft-azure")]
    [InlineData(15169u, "google-cloud")]
    public void A_hosting_asn_alone_names_no_service_but_the_hosting_network(uint asn, string network)
    {
        // Amazon SES, Microsoft 365 and Google Workspace send from these ASNs, and so does any rented server.
        Assert.Null(Catalogue.MatchService(Asn(asn)));
        Assert.Equal(network, Catalogue.HostingNetworkFor(asn)?.Id);
    }

    [Fact]
    public void A_service_on_a_hosting_network_is_recognised_by_its_other_evidence_first()
    {
        var evidence = new SenderEvidence(null, ["amazonses.com"], "amazonses.com", 16509);

        var match = Catalogue.MatchService(evidence);

        Assert.NotNull(match);
        Assert.Equal("amazon-ses", match.Service.Id);
        Assert.Equal([EvidenceKind.Dkim, EvidenceKind.Spf, EvidenceKind.Asn], match.Evidence.Select(e => e.Kind));
        Assert.Equal(3 + 2 + 1, match.Score);
    }

    [Fact]
    public void Microsoft_365_is_recognised_on_the_azure_asn_by_its_spf_domain()
    {
        var match = Catalogue.MatchService(new SenderEvidence(null, [], "spf.protection.outlook.com", 8075));

        Assert.Equal("microsoft-365", match?.Service.Id);
        Assert.Contains(match!.Evidence, e => e.Kind == EvidenceKind.Asn);
    }

    [Fact]
    public void More_kinds_of_evidence_win_over_fewer()
    {
        // DKIM from Mailchimp, but SPF and PTR of SendGrid: SendGrid is matched by two kinds.
        var evidence = new SenderEvidence("o1.ptr2.sendgrid.net", ["mcsv.net"], "sendgrid.net", null);

        var matches = Catalogue.MatchServices(evidence);

        Assert.Equal(["sendgrid", "mailchimp"], matches.Select(m => m.Service.Id));
        Assert.Equal(3 + 2, matches[0].Score);
        Assert.Equal(3, matches[1].Score);
    }

    [Fact]
    public void Several_signatures_of_one_service_count_once()
    {
        var match = Catalogue.MatchService(Dkim("a.gappssmtp.com", "b.gappssmtp.com"));

        Assert.NotNull(match);
        Assert.Equal(2, match.Evidence.Count);
        Assert.Equal(3, match.Score);
    }

    [Fact]
    public void No_evidence_matches_nothing()
    {
        Assert.Empty(Catalogue.MatchServices(SenderEvidence.None));
    }

    [Fact]
    public void Evidence_that_is_not_a_domain_is_ignored()
    {
        Assert.Null(Catalogue.MatchService(new SenderEvidence("not a host!", ["..", ""], "-bad-.example", null)));
    }

    [Fact]
    public void A_service_added_to_the_data_is_matched_without_code()
    {
        var catalogue = SenderCatalogue.Parse(
            CatalogueJson.Services(CatalogueJson.Service("new-esp", dkim: "[\"newesp.example\"]", rdns: "[\"out.newesp.example\"]")),
            CatalogueJson.Networks());

        var match = catalogue.MatchService(new SenderEvidence("a1.out.newesp.example", ["newesp.example"], null, null));

        Assert.Equal("new-esp", match?.Service.Id);
        Assert.Equal(6, match?.Score);
    }
}
