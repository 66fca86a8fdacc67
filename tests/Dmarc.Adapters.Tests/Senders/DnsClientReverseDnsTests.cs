using Dmarc.Adapters.Onboarding;
using Dmarc.Adapters.Senders;
using Dmarc.Core.Senders;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Tests.Senders;

/// <summary>Reverse DNS with forward confirmation against the local PowerDNS, in zones this test creates.</summary>
[Collection(PowerDnsTests.Name)]
public class DnsClientReverseDnsTests
{
    private static DnsClientReverseDns Resolver(string server = "127.0.0.1:5300")
    {
        var options = new DnsLookupOptions { Timeout = TimeSpan.FromSeconds(2) };
        options.NameServers.Add(server);
        return new DnsClientReverseDns(Options.Create(options));
    }

    [Fact]
    public async Task A_ptr_name_counts_only_when_its_address_records_lead_back_to_the_ip()
    {
        await using var zones = new SenderDnsZones();
        await zones.ZoneAsync("rdns-test.example", ("mx1.rdns-test.example", "A", "192.0.2.61"), ("liar.rdns-test.example", "A", "192.0.2.99"), ("six.rdns-test.example", "AAAA", "2001:db8:61::25"));
        await zones.PtrAsync("192.0.2.61", "mx1.rdns-test.example");
        await zones.PtrAsync("192.0.2.62", "liar.rdns-test.example");
        await zones.PtrAsync("2001:db8:61::25", "six.rdns-test.example");
        var resolver = Resolver();

        Assert.Equal(new ReverseDnsResult(ReverseDnsStatus.Confirmed, "mx1.rdns-test.example"), await resolver.LookupAsync("192.0.2.61"));
        Assert.Equal(new ReverseDnsResult(ReverseDnsStatus.Unconfirmed, "liar.rdns-test.example"), await resolver.LookupAsync("192.0.2.62"));
        Assert.Equal(new ReverseDnsResult(ReverseDnsStatus.Confirmed, "six.rdns-test.example"), await resolver.LookupAsync("2001:db8:61::25"));
    }

    [Fact]
    public async Task No_ptr_is_none_and_a_server_that_does_not_answer_is_a_failure_within_the_timeout()
    {
        await using var zones = new SenderDnsZones();
        await zones.ZoneAsync("63.2.0.192.in-addr.arpa", ("63.2.0.192.in-addr.arpa", "TXT", "\"no ptr here\""));

        Assert.Equal(ReverseDnsResult.None, await Resolver().LookupAsync("192.0.2.63"));
        Assert.Equal(ReverseDnsResult.None, await Resolver().LookupAsync("not an ip"));
        var started = System.Diagnostics.Stopwatch.StartNew();
        // Nothing listens on this port: DnsClient times out, which is a failure, not an exception.
        Assert.Equal(ReverseDnsResult.Failed, await Resolver("127.0.0.1:5399").LookupAsync("192.0.2.61"));
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }
}
