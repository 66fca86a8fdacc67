using Dmarc.Core.Dns;

namespace Dmarc.Core.Tests.Dns;

public class ZoneFileParserTests
{
    [Fact]
    public void Reads_a_bind_master_file()
    {
        const string file = """
            $ORIGIN contoso.com.
            $TTL 600
            @   IN SOA ns1.contoso.com. hostmaster.contoso.com. (
                    2024010101 ; serial
                    3600 900 604800 300 )
                IN NS  ns1.contoso.com.
            www 300 IN A 192.0.2.10
                    IN A 192.0.2.11
            _dmarc IN TXT "v=DMARC1; p=reject; " "rua=mailto:a@x.example" ; split in two
            mail.contoso.com. IN MX 10 mx.contoso.com.
            """;

        var sets = ZoneFileParser.Parse(file, "contoso.com");

        Assert.Equal(
            ["contoso.com NS 600 ns1.contoso.com.", "www.contoso.com A 300 192.0.2.10|192.0.2.11", "_dmarc.contoso.com TXT 600 v=DMARC1; p=reject; rua=mailto:a@x.example", "mail.contoso.com MX 600 10 mx.contoso.com."],
            sets.Select(s => $"{s.Name} {s.Type} {s.Ttl} {string.Join("|", s.Values)}"));
    }

    [Fact]
    public void Host_names_in_data_are_relative_to_the_origin()
    {
        const string file = """
            $ORIGIN contoso.com.
            www    IN CNAME web
            @      IN MX    10 mail
            _sip._tcp IN SRV 10 5 5060 sip.example.net.
            $ORIGIN sub.contoso.com.
            deleg  IN NS    @
            """;

        var sets = ZoneFileParser.Parse(file, "contoso.com");

        Assert.Equal(
            ["web.contoso.com.", "10 mail.contoso.com.", "10 5 5060 sip.example.net.", "sub.contoso.com."],
            sets.Select(s => Assert.Single(s.Values)));
    }

    [Theory]
    [InlineData("   IN A 192.0.2.1", 1, "The first record has no owner name.")]
    [InlineData("www IN A 192.0.2.1\nbad IN", 2, "The record has no type.")]
    [InlineData("x IN TXT \"unterminated", 1, "A quoted string is not closed.")]
    [InlineData("x IN TXT ( \"a\"", 1, "A parenthesis is not closed.")]
    [InlineData("www.fabrikam.com. IN A 192.0.2.1", 1, "www.fabrikam.com is outside the zone contoso.com.")]
    [InlineData("$INCLUDE other.zone", 1, "$INCLUDE is not supported.")]
    [InlineData("www IN A", 1, "The A record has no data.")]
    public void Errors_name_the_line(string file, int line, string message)
    {
        var error = Assert.Throws<ZoneFileException>(() => ZoneFileParser.Parse(file, "contoso.com"));

        Assert.Equal((line, $"Line {line}: {message}"), (error.Line, error.Message));
    }
}
