using Dmarc.Core.Dns;

namespace Dmarc.Core.Tests.Dns;

public class TenantRecordPolicyTests
{
    private const string Zone = "contoso.com";

    [Theory]
    [InlineData("A", "192.0.2.1", "192.0.2.1")]
    [InlineData("AAAA", "2001:DB8:0:0::1", "2001:db8::1")]
    [InlineData("CNAME", "Target.Example.NET", "target.example.net.")]
    [InlineData("MX", "10  mail.contoso.com.", "10 mail.contoso.com.")]
    [InlineData("MX", "0 .", "0 .")]
    [InlineData("SRV", "10 5 5060 sip.contoso.com", "10 5 5060 sip.contoso.com.")]
    [InlineData("CAA", "0 issue \"letsencrypt.org\"", "0 issue \"letsencrypt.org\"")]
    [InlineData("CAA", "128 IODEF mailto:security@contoso.com", "128 iodef \"mailto:security@contoso.com\"")]
    [InlineData("TXT", "v=spf1 include:_spf.example.net -all", "v=spf1 include:_spf.example.net -all")]
    [InlineData("ns", "ns1.dns.example.net.", "ns1.dns.example.net.")]
    public void Valid_values_come_out_canonical(string type, string value, string canonical)
    {
        var errors = TenantRecordPolicy.Check(Zone, new RecordSet("sub." + Zone, type, 300, [value]), out var set);

        Assert.Empty(errors);
        Assert.Equal((type.ToUpperInvariant(), canonical), (set!.Type, Assert.Single(set.Values)));
    }

    [Theory]
    [InlineData("A", "300.1.1.1")]
    [InlineData("A", "192.0.2")]
    [InlineData("A", "010.0.0.1")]
    [InlineData("A", "2001:db8::1")]
    [InlineData("AAAA", "192.0.2.1")]
    [InlineData("AAAA", "fe80::1%eth0")]
    [InlineData("CNAME", "not a host")]
    [InlineData("MX", "mail.contoso.com")]
    [InlineData("MX", "70000 mail.contoso.com")]
    [InlineData("MX", "10 .")]
    [InlineData("SRV", "10 5 sip.contoso.com")]
    [InlineData("SRV", "10 5 99999 sip.contoso.com")]
    [InlineData("CAA", "0 tbs \"x\"")]
    [InlineData("CAA", "256 issue \"ca.example\"")]
    [InlineData("CAA", "0 iodef \"ftp://x.example\"")]
    [InlineData("TXT", "tab\there")]
    public void Bad_values_are_refused_naming_the_value(string type, string value)
    {
        var errors = TenantRecordPolicy.Check(Zone, new RecordSet("sub." + Zone, type, 300, [value]), out var set);

        Assert.Null(set);
        var error = Assert.Single(errors);
        Assert.Equal("values", error.Field);
        Assert.StartsWith("values[0]: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LUA", "provider-specific")]
    [InlineData("lua", "provider-specific")]
    [InlineData("ALIAS", "provider-specific")]
    [InlineData("SOA", "not a record type accounts may write")]
    [InlineData("DNSKEY", "not a record type accounts may write")]
    [InlineData("SPF", "not a record type accounts may write")]
    public void Types_outside_the_allow_list_are_refused(string type, string reason)
    {
        var errors = TenantRecordPolicy.Check(Zone, new RecordSet("www." + Zone, type, 300, ["TXT \"x\""]), out _);

        var error = Assert.Single(errors);
        Assert.Equal("type", error.Field);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("Allowed: A, AAAA, CNAME, MX, TXT, SRV, CAA, NS, PTR.", error.Message, StringComparison.Ordinal);
        Assert.False(TenantRecordPolicy.IsWritableType(type));
    }

    [Theory]
    [InlineData("contoso.com", "contoso.com", "CNAME", "x.example.net", "A CNAME cannot sit at the zone apex.")]
    [InlineData("contoso.com", "contoso.com", "NS", "ns1.example.net", "NS records delegate names below the apex only.")]
    [InlineData("contoso.com", "www.contoso.com", "PTR", "host.example.net", "PTR records belong in reverse zones")]
    public void Types_are_refused_where_they_do_not_belong(string zone, string name, string type, string value, string reason)
    {
        var error = Assert.Single(TenantRecordPolicy.Check(zone, new RecordSet(name, type, 300, [value]), out _));

        Assert.Equal("type", error.Field);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ptr_records_are_fine_in_reverse_zones()
    {
        Assert.Empty(TenantRecordPolicy.Check("2.0.192.in-addr.arpa", new RecordSet("1.2.0.192.in-addr.arpa", "PTR", 300, ["host.contoso.com"]), out _));
        Assert.Empty(TenantRecordPolicy.Check("8.b.d.0.1.0.0.2.ip6.arpa", new RecordSet("1.0.8.b.d.0.1.0.0.2.ip6.arpa", "PTR", 300, ["host.contoso.com"]), out _));
    }

    [Fact]
    public void Sets_are_bounded_so_that_one_fits_a_table_entity()
    {
        var many = Enumerable.Range(0, TenantRecordPolicy.MaxValues + 1).Select(i => $"192.0.2.{i % 256}").ToArray();
        var large = Enumerable.Range(0, 5).Select(i => new string((char)('a' + i), RecordValues.MaxTxtLength)).ToArray();

        var tooMany = Assert.Single(TenantRecordPolicy.Check(Zone, new RecordSet(Zone, "A", 300, many), out _));
        var tooLarge = Assert.Single(TenantRecordPolicy.Check(Zone, new RecordSet(Zone, "TXT", 300, large), out _));
        var tooLong = Assert.Single(TenantRecordPolicy.Check(Zone, new RecordSet(Zone, "TXT", 300, [new string('a', RecordValues.MaxTxtLength + 1)]), out _));

        Assert.Equal("A record set holds at most 100 values; this one has 101.", tooMany.Message);
        Assert.Equal("The values of a record set total at most 8000 characters; these have 10240.", tooLarge.Message);
        Assert.Contains("at most 2048 characters", tooLong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_ttls_duplicates_and_pools_are_checked()
    {
        var errors = TenantRecordPolicy.Check(Zone, new RecordSet("www.fabrikam.com", "A", -1, ["192.0.2.1", "192.0.2.1"], "no spaces please"), out _);

        Assert.Equal(["name", "pool", "ttl", "values"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Contains(errors, e => e.Message == "values[1] repeats values[0].");
    }

    [Fact]
    public void A_cname_stands_alone_at_its_name()
    {
        var cname = new RecordSet("www." + Zone, "CNAME", 300, ["web.example.net."]);
        var txt = new RecordSet("www." + Zone, "TXT", 300, ["hello"]);

        Assert.Contains("A CNAME cannot share its name with other records; www.contoso.com has MX, TXT.", TenantRecordPolicy.NeighbourError(cname, ["TXT", "MX", "CNAME"])!.Message, StringComparison.Ordinal);
        Assert.Equal("www.contoso.com is a CNAME; no other record can sit beside it.", TenantRecordPolicy.NeighbourError(txt, ["CNAME"])!.Message);
        Assert.Null(TenantRecordPolicy.NeighbourError(cname, ["CNAME"]));
        Assert.Null(TenantRecordPolicy.NeighbourError(txt, ["TXT", "A"]));
    }
}
