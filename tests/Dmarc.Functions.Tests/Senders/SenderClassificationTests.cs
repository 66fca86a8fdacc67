using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Dmarc.Core.Senders;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Senders;

/// <summary>
/// Corpus reports and generated ones go through IngestReport; the sender-lookups messages it
/// queued go through ClassifySenders in the host's payload shape; reverse DNS is answered by the
/// local PowerDNS from zones this test creates. Every IP then has its class.
/// </summary>
[Collection(PowerDnsTests.Name)]
public class SenderClassificationTests
{
    internal const long Begin = 1764547200; // 2025-12-01T00:00:00Z

    /// <summary>Generated senders: one of each kind, with the DNS that identifies them.</summary>
    internal static readonly SenderRow[] Generated =
    [
        new("167.89.123.45", 300, [("example.com", "pass")], ("bounces.example.com", "pass")),            // SendGrid by its confirmed PTR
        new("167.89.123.46", 10, [], ("example.com", "fail")),                                            // PTR claims SendGrid, not confirmed
        new("54.240.8.20", 200, [("example.com", "pass"), ("amazonses.com", "pass")], ("amazonses.com", "pass")), // Amazon SES by DKIM
        new("54.240.8.21", 5, [], ("example.com", "fail")),                                               // a server on AWS
        new("159.89.100.20", 40, [], ("example.com", "pass")),                                            // a server on DigitalOcean, SPF aligned
        new("159.89.100.21", 7, [], ("example.com", "fail")),                                             // DigitalOcean, PTR claims SendGrid
        new("2a01:4f8:c17:1::25", 25, [("example.com", "pass")], ("lists.forwarder-test.example", "fail")), // a forwarder (Hetzner) with a confirmed PTR
        new("40.107.22.100", 120, [("contoso.onmicrosoft.com", "pass")], ("example.com", "pass")),        // Microsoft 365 by DKIM
        new("2a01:4f8:c17:1::26", 3, [], ("example.com", "pass")),                                         // an IPv6 server on Hetzner, SPF aligned
    ];

    internal static readonly Dictionary<string, (SenderClass Class, string SenderId)> Expected = new()
    {
        ["167.89.123.45"] = (SenderClass.Service, "service_sendgrid"),
        ["167.89.123.46"] = (SenderClass.Unidentified, "unidentified"),
        ["54.240.8.20"] = (SenderClass.Service, "service_amazon-ses"),
        ["54.240.8.21"] = (SenderClass.HostedServer, "hosted_54.240.8.21"),
        ["159.89.100.20"] = (SenderClass.HostedServer, "hosted_159.89.100.20"),
        ["159.89.100.21"] = (SenderClass.HostedServer, "hosted_159.89.100.21"),
        ["2a01:4f8:c17:1::25"] = (SenderClass.Forwarder, "forwarder_forwarder-test.example"),
        ["40.107.22.100"] = (SenderClass.Service, "service_microsoft-365"),
        ["2a01:4f8:c17:1::26"] = (SenderClass.HostedServer, "hosted_2a01:4f8:c17:1::26"),
        // From the corpus (example.com): AWS, documentation addresses, AT&T, a multicast address with the forwarding pattern.
        ["100.24.188.149"] = (SenderClass.HostedServer, "hosted_100.24.188.149"),
        ["198.51.100.1"] = (SenderClass.Unidentified, "unidentified"),
        ["203.0.113.10"] = (SenderClass.Unidentified, "unidentified"),
        ["12.20.127.40"] = (SenderClass.Unidentified, "unidentified"),
        ["199.230.200.36"] = (SenderClass.Unidentified, "unidentified"),
    };

    internal static readonly string[] CorpusFiles =
    [
        "protection.outlook.com!example.com!1711756800!1711843200.xml",
        "rfc9990-example.net!example.com!1700000000!1700086399.xml",
        "usssa.com!example.com!1538784000!1538870399.xml",
        "veeam.com!example.com!1530133200!1530219600.xml",
        "example.net!example.com!1529366400!1529452799.xml",
        "ikea.com!example.de!1538690400!1538776800.xml",
    ];

    /// <summary>The PTR, A and AAAA records the generated senders need, in zones of their own.</summary>
    internal static async Task<SenderDnsZones> ZonesAsync()
    {
        var zones = new SenderDnsZones();
        await zones.ZoneAsync("senders-test.sendgrid.net",
            ("o1.senders-test.sendgrid.net", "A", "167.89.123.45"),
            ("o2.senders-test.sendgrid.net", "A", "167.89.123.99"),
            ("o3.senders-test.sendgrid.net", "A", "159.89.100.99"));
        await zones.ZoneAsync("forwarder-test.example", ("fwd.forwarder-test.example", "AAAA", "2a01:4f8:c17:1::25"));
        await zones.PtrAsync("167.89.123.45", "o1.senders-test.sendgrid.net");
        await zones.PtrAsync("167.89.123.46", "o2.senders-test.sendgrid.net");
        await zones.PtrAsync("159.89.100.21", "o3.senders-test.sendgrid.net");
        await zones.PtrAsync("2a01:4f8:c17:1::25", "fwd.forwarder-test.example");
        return zones;
    }

    /// <summary>Ingests the corpus files and the generated report through the blob trigger.</summary>
    internal static async Task IngestAsync(DmarcAppFactory app)
    {
        var client = app.CreateClient();
        foreach (var file in CorpusFiles)
        {
            (await TriggerPayloads.IngestAsync(client, "corpus/" + file, await File.ReadAllBytesAsync(RepoPaths.CorpusFile("aggregate", file)))).EnsureSuccessStatusCode();
        }

        (await TriggerPayloads.IngestAsync(client, "generated.xml", SenderReports.Xml("senders-1", "example.com", Begin, Generated))).EnsureSuccessStatusCode();
    }

    /// <summary>Hands every queued sender-lookups message to ClassifySenders as the host would; returns the messages.</summary>
    internal static async Task<List<string>> DrainAsync(DmarcAppFactory app)
    {
        var queue = new QueueClient(Azurite.ConnectionString, app.Names.Queue("sender-lookups"), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var client = app.CreateClient();
        var handled = new List<string>();
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                var response = await TriggerPayloads.PostAsync(client, "ClassifySenders", TriggerPayloads.Queue(message.Body.ToString()));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                handled.Add(message.Body.ToString());
            }
        }

        return handled;
    }

    [Fact]
    public async Task Every_ip_of_corpus_and_generated_reports_gets_its_class_from_dns_ip_data_and_evidence()
    {
        await using var zones = await ZonesAsync();
        await using var app = new DmarcAppFactory();
        await IngestAsync(app);

        var messages = await DrainAsync(app);

        var classifications = app.Services.GetRequiredService<ISenderClassifications>();
        var found = (await classifications.ListAsync("example.com")).ToDictionary(c => c.Ip);
        Assert.Equal(Expected.Keys.Order(), found.Keys.Order());
        Assert.All(Expected, e => Assert.Equal((e.Key, e.Value), (e.Key, (found[e.Key].Class, found[e.Key].SenderId))));
        Assert.Equal(("o1.senders-test.sendgrid.net", ReverseDnsStatus.Confirmed), (found["167.89.123.45"].Facts.ReverseDns.Name, found["167.89.123.45"].Facts.ReverseDns.Status));
        Assert.Equal(ReverseDnsStatus.Unconfirmed, found["159.89.100.21"].Facts.ReverseDns.Status);
        Assert.Equal(("DigitalOcean", "hosted_159.89.100.20"), (found["159.89.100.20"].SenderName, found["159.89.100.20"].SenderId));
        Assert.Equal((14061u, "digitalocean"), (found["159.89.100.20"].Facts.Asn, found["159.89.100.20"].NetworkId));
        var forwarded = Assert.Single(await classifications.ListAsync("example.de"));
        Assert.Equal(("234.234.234.234", SenderClass.Forwarder), (forwarded.Ip, forwarded.Class));

        // Once per IP: handling the same messages again reuses the cached lookups and changes nothing.
        var facts = await FactsCheckedAtAsync(app);
        foreach (var message in messages)
        {
            (await TriggerPayloads.PostAsync(app.CreateClient(), "ClassifySenders", TriggerPayloads.Queue(message))).EnsureSuccessStatusCode();
        }

        Assert.Equal(facts, await FactsCheckedAtAsync(app));
        Assert.Equal(Expected.Count, facts.Count(f => Expected.ContainsKey(f.Key)));
        Assert.All(await classifications.ListAsync("example.com"), c => Assert.Equal(Expected[c.Ip].SenderId, c.SenderId));
    }

    [Fact]
    public async Task A_message_that_is_not_a_batch_fails_with_the_reason()
    {
        await using var app = new DmarcAppFactory();

        var response = await TriggerPayloads.PostAsync(app.CreateClient(), "ClassifySenders", TriggerPayloads.Queue("{\"domain\":\"example.com\",\"reportKey\":\"k\",\"days\":[\"2025-12-01\"],\"ips\":[]}"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("The queue message is not a sender lookup batch", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, DateTimeOffset>> FactsCheckedAtAsync(DmarcAppFactory app)
    {
        var table = new TableClient(Azurite.ConnectionString, app.Names.Table("ipfacts"));
        var facts = new Dictionary<string, DateTimeOffset>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            facts[row.GetString("Ip")] = row.GetDateTimeOffset("CheckedAt")!.Value;
        }

        return facts;
    }
}
