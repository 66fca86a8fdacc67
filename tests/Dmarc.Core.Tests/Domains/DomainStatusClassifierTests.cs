using Dmarc.Core.Domains;
using Dmarc.Core.Records;

namespace Dmarc.Core.Tests.Domains;

public class DomainStatusClassifierTests
{
    private static readonly IReadOnlySet<string> Ours = new HashSet<string> { "ns1.dmarc-monitor.example", "ns2.dmarc-monitor.example" };
    private static readonly DmarcUri Rua = DmarcUri.TryParse("mailto:reports@rua.dmarc-monitor.example")!;

    private static DomainDnsStatus Classify(DmarcDnsAnswer answer, DomainMode? mode = null) =>
        DomainStatusClassifier.Classify("contoso.example", answer, Ours, Rua, mode);

    [Fact]
    public void A_delegation_to_the_services_name_servers_is_active_with_the_policy_it_serves()
    {
        var status = Classify(new(["NS1.dmarc-monitor.example.", "ns2.dmarc-monitor.example"], ["v=DMARC1; p=none; rua=mailto:reports@rua.dmarc-monitor.example"]));

        Assert.Equal((DomainStatus.Active, "none", false), (status.Status, status.Policy, status.AtEnforcement));
        Assert.Equal("_dmarc.contoso.example is delegated to the service's name servers (ns1.dmarc-monitor.example, ns2.dmarc-monitor.example).", status.Detail);
    }

    [Fact]
    public void An_active_domain_the_owner_locked_is_blocked()
    {
        var status = Classify(new(["ns1.dmarc-monitor.example"], ["v=DMARC1; p=reject; rua=mailto:reports@rua.dmarc-monitor.example"]), DomainMode.Blocked);

        Assert.Equal((DomainStatus.Blocked, "reject", true), (status.Status, status.Policy, status.AtEnforcement));
    }

    [Fact]
    public void A_blocked_mode_without_the_delegation_is_not_blocked()
    {
        var status = Classify(new([], ["v=DMARC1; p=none; rua=mailto:reports@rua.dmarc-monitor.example"]), DomainMode.Blocked);

        Assert.Equal(DomainStatus.ReportingOnly, status.Status);
    }

    [Fact]
    public void A_delegation_that_includes_other_name_servers_is_not_configured_and_names_them()
    {
        var status = Classify(new(["ns1.dmarc-monitor.example", "ns.other-vendor.example"], []));

        Assert.Equal(DomainStatus.NotConfigured, status.Status);
        Assert.Contains("not the service's (ns.other-vendor.example)", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_that_sends_reports_here_is_reporting_only()
    {
        var status = Classify(new([], ["v=spf1 -all", "v=DMARC1; p=quarantine; rua=mailto:a@contoso.example,mailto:REPORTS@rua.dmarc-monitor.example!10m"]));

        Assert.Equal((DomainStatus.ReportingOnly, "quarantine", true), (status.Status, status.Policy, status.AtEnforcement));
    }

    [Theory]
    [InlineData("v=DMARC1; p=reject; rua=mailto:a@contoso.example", "does not send aggregate reports to the service", "reject", true)]
    [InlineData("v=DMARC1; p=none", "does not send aggregate reports to the service", "none", false)]
    [InlineData("v=DMARC1; p=bogus; rua=mailto:reports@rua.dmarc-monitor.example", "is not valid", null, false)]
    public void Other_records_are_not_configured_with_their_policy(string record, string detail, string? policy, bool enforcing)
    {
        var status = Classify(new([], [record]));

        Assert.Equal((DomainStatus.NotConfigured, policy, enforcing), (status.Status, status.Policy, status.AtEnforcement));
        Assert.Contains(detail, status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void No_record_and_two_records_are_not_configured()
    {
        var none = Classify(new([], ["v=spf1 -all"]));
        var two = Classify(new([], ["v=DMARC1; p=none; rua=mailto:reports@rua.dmarc-monitor.example", "v=DMARC1; p=reject"]));

        Assert.Equal((DomainStatus.NotConfigured, "_dmarc.contoso.example has no DMARC record."), (none.Status, none.Detail));
        Assert.Equal((DomainStatus.NotConfigured, "_dmarc.contoso.example has 2 DMARC records; receivers ignore them all."), (two.Status, two.Detail));
    }

    [Fact]
    public void A_failed_lookup_is_unknown_with_the_reason()
    {
        var status = Classify(DmarcDnsAnswer.Failed("the name server answered ServerFailure."), DomainMode.Blocked);

        Assert.Equal((DomainStatus.Unknown, null, false), (status.Status, status.Policy, status.AtEnforcement));
        Assert.Equal("The DNS lookup of _dmarc.contoso.example failed: the name server answered ServerFailure.", status.Detail);
    }
}
