using Dmarc.Adapters.Dns;

namespace Dmarc.Adapters.Tests.Dns;

/// <summary>The read-back after a PATCH: the whole record set as sent (values, TTL, disabled records) and the serial moved.</summary>
public sealed class PowerDnsVerificationTests
{
    private const string Name = "_dmarc.contoso.example.";

    [Fact]
    public void A_set_read_back_as_sent_with_a_raised_serial_verifies()
    {
        var sent = Txt(300, ("\"v=DMARC1; p=none\"", false), ("\"old\"", true));

        Assert.Null(PowerDnsVerification.Problem(Zone(1), Zone(2, Txt(300, ("\"old\"", true), ("\"v=DMARC1; \" \"p=none\"", false))), [sent]));
    }

    [Theory]
    [InlineData(600, "\"v=DMARC1; p=none\"", true, "has TTL 600, not 300.")]
    [InlineData(300, "\"v=DMARC1; p=reject\"", true, "reads back as [v=DMARC1; p=reject], not [v=DMARC1; p=none].")]
    [InlineData(300, "\"v=DMARC1; p=none\"", false, "has 0 disabled records, not the 1 it had.")]
    public void A_set_that_differs_in_ttl_value_or_disabled_records_does_not_verify(int ttl, string value, bool keptDisabled, string problem)
    {
        var sent = Txt(300, ("\"v=DMARC1; p=none\"", false), ("\"old\"", true));
        var read = keptDisabled ? Txt(ttl, (value, false), ("\"old\"", true)) : Txt(ttl, (value, false));

        Assert.Equal($"_dmarc.contoso.example TXT {problem}", PowerDnsVerification.Problem(Zone(1), Zone(2, read), [sent]));
    }

    [Fact]
    public void A_serial_that_did_not_move_does_not_verify_unless_the_zone_may_keep_it()
    {
        var sent = Txt(300, ("\"v=DMARC1; p=none\"", false));

        Assert.Equal("the SOA serial stayed at 7, so secondaries would not transfer the change.", PowerDnsVerification.Problem(Zone(7), Zone(7, sent), [sent]));
        Assert.Contains("stayed at 7", PowerDnsVerification.Problem(Zone(7, soaEditApi: "DEFAULT"), Zone(7, sent), [sent]), StringComparison.Ordinal);
        Assert.Null(PowerDnsVerification.Problem(Zone(7, soaEditApi: "EPOCH"), Zone(7, sent), [sent]));
    }

    [Fact]
    public void A_deleted_set_must_be_gone()
    {
        var delete = new PdnsRrset { Name = Name, Type = "TXT", Changetype = "DELETE" };

        Assert.Equal("_dmarc.contoso.example TXT is still there.", PowerDnsVerification.Problem(Zone(1), Zone(2, Txt(300, ("\"x\"", false))), [delete]));
        Assert.Null(PowerDnsVerification.Problem(Zone(1), Zone(2), [delete]));
    }

    private static PdnsRrset Txt(int ttl, params (string Content, bool Disabled)[] records) =>
        new() { Name = Name, Type = "TXT", Ttl = ttl, Changetype = "REPLACE", Records = [.. records.Select(r => new PdnsRecord { Content = r.Content, Disabled = r.Disabled })] };

    private static PdnsZone Zone(uint serial, PdnsRrset? rrset = null, string? soaEditApi = null) => new()
    {
        Name = "contoso.example.",
        SoaEditApi = soaEditApi,
        Rrsets =
        [
            new PdnsRrset { Name = "contoso.example.", Type = "SOA", Ttl = 3600, Records = [new PdnsRecord { Content = $"ns1.contoso.example. hostmaster.contoso.example. {serial} 10800 3600 604800 3600" }] },
            .. rrset is null ? Array.Empty<PdnsRrset>() : [rrset],
        ],
    };
}
