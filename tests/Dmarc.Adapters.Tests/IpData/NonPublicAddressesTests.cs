using System.Net;
using Dmarc.Adapters.IpData;

namespace Dmarc.Adapters.Tests.IpData;

public sealed class NonPublicAddressesTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("10.255.255.255")]
    [InlineData("100.64.0.0")]
    [InlineData("100.127.255.255")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.1.1")]
    [InlineData("172.16.0.0")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.255")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("100::1")]
    [InlineData("2001:db8:ffff::1")]
    [InlineData("fc00::1")]
    [InlineData("fdff:ffff::1")]
    [InlineData("fe80::1")]
    [InlineData("febf::1")]
    [InlineData("ff05::2")]
    public void A_special_purpose_address_is_not_public(string address)
    {
        Assert.True(NonPublicAddresses.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("198.20.0.0")]
    [InlineData("223.255.255.255")]
    [InlineData("::2")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("2001:db9::1")]
    [InlineData("2a01:111:f400::1")]
    [InlineData("fec0::1")]
    public void A_public_address_is_public(string address)
    {
        Assert.False(NonPublicAddresses.Contains(IPAddress.Parse(address)));
    }
}
