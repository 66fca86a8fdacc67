using Dmarc.Adapters.Dns;
using Dmarc.Core.Dns;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Monitoring;

public class Rfc2317EnablementTests
{
    [Fact]
    public async Task An_account_with_an_rfc2317_reverse_zone_completes_enablement_with_an_outcome_for_every_zone_and_nothing_poisoned()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted);
        var reverse = $"0/25.{Random.Shared.Next(1, 250)}.51.198.in-addr.arpa";
        await app.Dns.CreateZoneAsync(app.AccountId, new DnsZone(reverse, ZoneKind.Primary, DnssecState.NotSigned));
        await app.CreateZoneAsync(app.Domain("plain"));

        var task = await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable"));

        var zones = MonitoringApp.Zones(task);
        Assert.Equal([reverse, app.Domain("plain")], zones.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Created", zones[app.Domain("plain")].GetProperty("outcome").GetString());
        Assert.NotEqual("Failed", zones[reverse].GetProperty("outcome").GetString());
        var poison = new Azure.Storage.Queues.QueueClient(Azurite.ConnectionString, app.Factory.Names.Queue("zone-tasks-poison"));
        Assert.False((await poison.ExistsAsync()).Value && (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0, "zone-tasks-poison has messages");
    }
}
