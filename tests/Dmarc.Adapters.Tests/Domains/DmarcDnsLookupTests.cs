using System.Net;
using System.Net.Sockets;
using Dmarc.Adapters.Dns;
using Dmarc.Adapters.Domains;
using Dmarc.Adapters.Onboarding;
using Dmarc.Core.Dns;
using Dmarc.Core.Domains;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Tests.Domains;

/// <summary>The DnsClient reads of _dmarc and the delegated zones the service serves, against the local PowerDNS.</summary>
[Collection(PowerDnsTests.Name)]
public sealed class DmarcDnsLookupTests : IAsyncLifetime
{
    private static readonly string[] Ours = ["ns1.dmarc-monitor.example", "ns2.dmarc-monitor.example"];
    private readonly string _zone = $"lookup-{Guid.NewGuid():N}.example";
    private readonly PowerDnsProvider _provider = PowerDns.CreateProvider();

    private static DnsClientDmarcLookup Lookup(string server = "127.0.0.1:5300", TimeSpan? timeout = null)
    {
        var options = new DnsLookupOptions { Timeout = timeout ?? TimeSpan.FromSeconds(3) };
        options.NameServers.Add(server);
        return new DnsClientDmarcLookup(Options.Create(options));
    }

    private static PowerDnsDelegatedDmarc Server()
    {
        var status = new DomainStatusOptions();
        foreach (var ns in Ours)
        {
            status.NameServers.Add(ns);
        }

        return new PowerDnsDelegatedDmarc(new HttpClient { BaseAddress = PowerDns.Options.ApiUrl }, Options.Create(PowerDns.Options), Options.Create(status));
    }

    public async Task InitializeAsync() =>
        await _provider.CreateZoneAsync("lookup-tests", new DnsZone(_zone, ZoneKind.Primary, DnssecState.NotSigned));

    public async Task DisposeAsync()
    {
        await PowerDns.DeleteZoneAsync("_dmarc." + _zone);
        await PowerDns.DeleteZoneAsync(_zone);
    }

    [Fact]
    public async Task A_referral_from_the_parent_zone_gives_the_delegation_and_the_served_zone_then_its_record()
    {
        await PowerDns.PutRrsetAsync(_zone, "_dmarc." + _zone, "NS", [.. Ours.Select(n => n + ".")]);

        var referral = await Lookup().LookupAsync(_zone);

        Assert.Equal(Ours, referral.NameServers.Order());
        Assert.Empty(referral.Txt);
        Assert.Null(referral.Error);

        var server = Server();
        var record = "v=DMARC1; p=reject; rua=mailto:reports@rua.dmarc-monitor.example; " + new string('x', 300);
        await server.ServeAsync(_zone, record);
        var served = await Lookup().LookupAsync(_zone);

        Assert.Equal(Ours, served.NameServers.Order());
        Assert.Equal([record], served.Txt);
        Assert.Equal(record, await server.GetAsync(_zone));

        await server.ServeAsync(_zone, "v=DMARC1; p=none");
        Assert.Equal(["v=DMARC1; p=none"], (await Lookup().LookupAsync(_zone)).Txt);
    }

    [Fact]
    public async Task A_missing_name_is_an_empty_answer_and_a_refusal_is_an_error()
    {
        var missing = await Lookup().LookupAsync(_zone);
        var refused = await Lookup().LookupAsync($"nowhere-{Guid.NewGuid():N}.invalid");

        Assert.Equal((0, 0, (string?)null), (missing.NameServers.Count, missing.Txt.Count, missing.Error));
        Assert.Contains("Refused", refused.Error, StringComparison.Ordinal);
        Assert.Null(await Server().GetAsync(_zone));
    }

    [Fact]
    public async Task A_name_server_that_never_answers_is_an_error_after_the_timeout()
    {
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)silent.Client.LocalEndPoint!).Port;

        var answer = await Lookup($"127.0.0.1:{port}", TimeSpan.FromMilliseconds(200)).LookupAsync(_zone);

        Assert.NotNull(answer.Error);
        Assert.Empty(answer.NameServers);
    }

    [Fact]
    public async Task A_zone_of_that_name_that_someone_else_owns_is_left_alone()
    {
        await _provider.CreateZoneAsync("lookup-tests", new DnsZone("_dmarc." + _zone, ZoneKind.Primary, DnssecState.NotSigned));

        var error = await Assert.ThrowsAsync<DelegationNotServedException>(() => Server().ServeAsync(_zone, "v=DMARC1; p=reject"));

        Assert.Contains("belongs to 'lookup-tests', not to the service", error.Message, StringComparison.Ordinal);
        Assert.Empty((await Lookup().LookupAsync(_zone)).Txt);
    }
}
