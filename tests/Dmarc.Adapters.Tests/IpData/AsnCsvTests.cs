using System.Net;
using System.Text;
using Dmarc.Adapters.IpData;

namespace Dmarc.Adapters.Tests.IpData;

/// <summary>The range search and the CSV reader on small synthetic files.</summary>
public sealed class AsnCsvTests
{
    // 10.0.0.0-10.0.0.255 AS64500, gap, 10.0.2.0-10.0.2.255 AS64501, 10.0.3.0-10.0.3.255 AS64500
    // (the same organisation again), and an IPv6 /32 next to the last address of the IPv6 space.
    private const string Ipv4 = """
        167772160,167772415,64500,Example Net
        167772672,167772927,64501,"Example, Inc."
        167772928,167773183,64500,Example Net
        """;

    private const string Ipv6 = """
        42540766411282592856903984951653826560,42540766490510755371168322545197776895,64502,"The ""Quoted"" Org"
        340282366920938463463374607431768211454,340282366920938463463374607431768211455,64503,Top
        """;

    [Theory]
    [InlineData("10.0.0.0", 64500u, "Example Net")]
    [InlineData("10.0.0.255", 64500u, "Example Net")]
    [InlineData("10.0.2.0", 64501u, "Example, Inc.")]
    [InlineData("10.0.2.255", 64501u, "Example, Inc.")]
    [InlineData("10.0.3.0", 64500u, "Example Net")]
    [InlineData("10.0.3.255", 64500u, "Example Net")]
    [InlineData("::ffff:10.0.0.7", 64500u, "Example Net")]
    [InlineData("2001:db8::", 64502u, "The \"Quoted\" Org")]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 64502u, "The \"Quoted\" Org")]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", 64503u, "Top")]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 64503u, "Top")]
    public void An_address_inside_a_range_including_its_bounds_finds_it(string address, uint asn, string organisation)
    {
        var table = Load(Ipv4, Ipv6);

        Assert.True(table.TryFind(IPAddress.Parse(address), out var foundAsn, out var foundOrganisation));
        Assert.Equal(asn, foundAsn);
        Assert.Equal(organisation, foundOrganisation);
    }

    [Theory]
    [InlineData("9.255.255.255")]
    [InlineData("10.0.1.0")]
    [InlineData("10.0.1.255")]
    [InlineData("10.0.4.0")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("2001:db9::")]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffd")]
    public void An_address_before_between_or_after_the_ranges_finds_nothing(string address)
    {
        var table = Load(Ipv4, Ipv6);

        Assert.False(table.TryFind(IPAddress.Parse(address), out var asn, out var organisation));
        Assert.Equal(0u, asn);
        Assert.Null(organisation);
    }

    [Fact]
    public void Each_organisation_name_is_one_string_however_many_rows_name_it()
    {
        var table = Load(Ipv4, Ipv6);

        Assert.Equal(3, table.Ipv4Ranges);
        Assert.Equal(4, table.OrganisationCount);
        table.TryFind(IPAddress.Parse("10.0.0.1"), out _, out var first);
        table.TryFind(IPAddress.Parse("10.0.3.1"), out _, out var second);
        Assert.Same(first, second);
    }

    [Fact]
    public void Adjacent_rows_of_the_same_as_are_merged_into_one_range()
    {
        var table = Load("1,10,64500,A\n11,20,64500,A\n21,30,64501,B\n", "1,2,64500,A");

        Assert.Equal(2, table.Ipv4Ranges);
        Assert.True(table.TryFind(IPAddress.Parse("0.0.0.20"), out var asn, out _));
        Assert.Equal(64500u, asn);
    }

    [Fact]
    public void A_row_inside_a_wider_one_wins_where_it_lies_and_the_wider_row_keeps_both_sides()
    {
        var builder = new RangeTableBuilder<uint>();
        builder.Add(0, 100, 1);
        builder.Add(40, 60, 2);
        builder.Add(50, 55, 3);
        builder.Add(90, 120, 4);

        var ranges = builder.Build().Ranges().ToList();

        Assert.Equal(
            [(0u, 39u, 1), (40u, 49u, 2), (50u, 55u, 3), (56u, 60u, 2), (61u, 89u, 1), (90u, 120u, 4)],
            ranges);
        Assert.Equal(3, builder.Overlaps);
        Assert.All(ranges.Zip(ranges.Skip(1)), pair => Assert.True(pair.First.End < pair.Second.Start));
    }

    [Fact]
    public void A_range_that_ends_at_the_last_address_is_kept()
    {
        var builder = new RangeTableBuilder<UInt128>();
        builder.Add(UInt128.MaxValue - 10, UInt128.MaxValue, 7);

        var table = builder.Build();

        Assert.Equal(7, table.Find(UInt128.MaxValue));
        Assert.Equal(-1, table.Find(UInt128.MaxValue - 11));
    }

    [Theory]
    [InlineData("1,10,64500,A\n11,20,64500\n", "asn-ipv4-num.csv line 2: expected 4 fields: start,end,asn,organisation: \"11,20,64500\"")]
    [InlineData("1,10,64500,A\n11,x,64500,B\n", "asn-ipv4-num.csv line 2: the range end is not a number of at most 32 bits: \"11,x,64500,B\"")]
    [InlineData("4294967296,4294967297,1,A\n", "asn-ipv4-num.csv line 1: the range start is not a number of at most 32 bits")]
    [InlineData("1,10,AS1,A\n", "asn-ipv4-num.csv line 1: the AS number is not a number from 0 to 4294967295")]
    [InlineData("20,10,1,A\n", "asn-ipv4-num.csv line 1: the range ends (10) before it starts (20)")]
    [InlineData("1,10,64500,A\r\n30,40,1,B\r\n11,20,1,C\r\n", "asn-ipv4-num.csv line 3: the range starts at 11, before the previous row's start 30")]
    [InlineData("1,10,64500,\"Unclosed\n", "asn-ipv4-num.csv line 1: the organisation has an unbalanced quote")]
    [InlineData("1,10,64500,Stray \"quote\"\n", "asn-ipv4-num.csv line 1: the organisation has an unbalanced quote")]
    [InlineData("", "asn-ipv4-num.csv is empty")]
    public void A_malformed_line_is_refused_with_the_file_the_line_and_the_reason(string csv, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => Load(csv, "1,2,3,A"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ipv6_number_wider_than_128_bits_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => Load("1,2,3,A", "1,340282366920938463463374607431768211456,3,A"));

        Assert.StartsWith("asn-ipv6-num.csv line 1: the range end is not a number of at most 128 bits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_that_straddle_the_read_buffer_are_read_whole()
    {
        // 3,000 rows of about 40 bytes: the 64 KiB buffer ends inside a line at least once.
        var csv = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            csv.Append(i * 10).Append(',').Append((i * 10) + 9).Append(',').Append(64512 + i).Append(",Organisation number ").Append(i).Append('\n');
        }

        var table = Load(csv.ToString(), "1,2,3,A");

        Assert.Equal(3000, table.Ipv4Ranges);
        Assert.True(table.TryFind(IPAddress.Parse("0.0.117.47"), out var asn, out var organisation));
        Assert.Equal(64512u + 2999, asn);
        Assert.Equal("Organisation number 2999", organisation);
    }

    private static AsnTable Load(string ipv4, string ipv6)
    {
        using var v4 = new MemoryStream(Encoding.UTF8.GetBytes(ipv4));
        using var v6 = new MemoryStream(Encoding.UTF8.GetBytes(ipv6));
        return AsnTable.Load(v4, "asn-ipv4-num.csv", v6, "asn-ipv6-num.csv");
    }
}
