using Dmarc.Core.Dns;
using Dmarc.Core.Senders;

namespace Dmarc.Core.Tests.Senders;

public class SenderClassifierTests
{
    private static readonly SenderClassifier Classifier = new(SenderCatalogue.Default, PublicSuffixList.Default);
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static IpFacts Facts(string ip, uint? asn = null, string? ptr = null, ReverseDnsStatus status = ReverseDnsStatus.Confirmed, string? org = null) =>
        new(ip, ptr is null ? ReverseDnsResult.None : new ReverseDnsResult(status, ptr), "NL", asn, org, At);

    private static IpSenderEvidence Evidence(string[]? dkim = null, string[]? spf = null, bool forwarded = false) => new(dkim ?? [], spf ?? [], forwarded);

    [Fact]
    public void A_confirmed_ptr_of_a_service_names_the_service()
    {
        var c = Classifier.Classify("example.com", Facts("167.89.123.45", 11377, "o1.ptr.sendgrid.net"), IpSenderEvidence.None, At);

        Assert.Equal((SenderClass.Service, "service_sendgrid", "sendgrid"), (c.Class, c.SenderId, c.ServiceId));
    }

    [Fact]
    public void An_unconfirmed_ptr_proves_nothing_and_the_hosting_network_decides()
    {
        var c = Classifier.Classify("example.com", Facts("159.89.100.21", 14061, "o1.ptr.sendgrid.net", ReverseDnsStatus.Unconfirmed), IpSenderEvidence.None, At);

        Assert.Equal((SenderClass.HostedServer, "hosted_159.89.100.21", "digitalocean"), (c.Class, c.SenderId, c.NetworkId));
    }

    [Fact]
    public void A_passing_dkim_signature_of_a_service_beats_its_hosting_network()
    {
        var c = Classifier.Classify("example.com", Facts("54.240.8.20", 14618), Evidence(dkim: ["amazonses.com"]), At);

        Assert.Equal(("service_amazon-ses", SenderClass.Service), (c.SenderId, c.Class));
    }

    [Fact]
    public void A_hosting_networks_asn_alone_never_names_the_service_that_also_sends_from_it()
    {
        var c = Classifier.Classify("example.com", Facts("54.240.8.21", 14618), IpSenderEvidence.None, At);

        Assert.Equal((SenderClass.HostedServer, "aws"), (c.Class, c.NetworkId));
    }

    [Fact]
    public void The_forwarding_pattern_makes_a_forwarder_named_by_its_ptr_organisation_or_its_as()
    {
        var byPtr = Classifier.Classify("example.com", Facts("2a01:4f8::25", 24940, "fwd.lists.example.org"), Evidence(dkim: ["example.com"], forwarded: true), At);
        var byAs = Classifier.Classify("example.com", Facts("2a01:4f8::26", 24940, org: "Hetzner Online GmbH"), Evidence(forwarded: true), At);
        var bare = Classifier.Classify("example.com", Facts("234.234.234.234"), Evidence(forwarded: true), At);

        Assert.Equal((SenderClass.Forwarder, "forwarder_example.org", "example.org"), (byPtr.Class, byPtr.SenderId, byPtr.SenderName));
        Assert.Equal(("forwarder_as24940", "Hetzner Online GmbH (AS24940)"), (byAs.SenderId, byAs.SenderName));
        Assert.Equal("forwarder_234.234.234.234", bare.SenderId);
    }

    [Fact]
    public void A_service_comes_before_the_forwarding_pattern_and_nothing_known_is_unidentified()
    {
        var service = Classifier.Classify("example.com", Facts("40.107.22.100", 8075), Evidence(dkim: ["contoso.onmicrosoft.com"], forwarded: true), At);
        var nothing = Classifier.Classify("example.com", Facts("12.20.127.40", 7018), IpSenderEvidence.None, At);

        Assert.Equal("service_microsoft-365", service.SenderId);
        Assert.Equal((SenderClass.Unidentified, SenderClassification.UnidentifiedId), (nothing.Class, nothing.SenderId));
    }

    [Fact]
    public void Evidence_merges_as_a_union_so_the_same_report_twice_changes_nothing()
    {
        var a = Evidence(dkim: ["b.example", "a.example"], spf: ["x.example"]);
        var b = Evidence(dkim: ["a.example"], forwarded: true);

        var merged = a.Merge(b);

        Assert.Equal(["a.example", "b.example"], merged.DkimPassDomains);
        Assert.True(merged.Forwarded);
        Assert.True(merged.SameAs(merged.Merge(b)));
        Assert.Equal(IpSenderEvidence.MaxDomains, Evidence(dkim: [.. Enumerable.Range(0, 20).Select(i => $"d{i}.example")]).Merge(IpSenderEvidence.None).DkimPassDomains.Count);
    }
}
