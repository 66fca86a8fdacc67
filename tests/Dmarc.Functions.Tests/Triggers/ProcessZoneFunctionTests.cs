using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Dmarc.Adapters.Dns;
using Dmarc.Functions.Tests.Monitoring;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Triggers;

/// <summary>The queue function fed exactly what the Functions host sends: the message JSON-encoded once more, numbers as strings.</summary>
public class ProcessZoneFunctionTests
{
    [Fact]
    public async Task The_message_the_dispatcher_wrote_in_the_hosts_shape_completes_its_zone()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false);
        var zone = app.Domain("queued");
        await app.CreateZoneAsync(zone);
        var taskId = await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable");
        var queue = new QueueClient(Azurite.ConnectionString, app.Factory.Names.Queue("zone-tasks"), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

        // First the listing of the account's zones, which queues the zone's own message.
        foreach (var what in new[] { "the listing's message", "the zone's message" })
        {
            var message = (await Eventually.GetAsync(async () => (await queue.ReceiveMessagesAsync(1)).Value, m => m.Length == 1, what: what)).Single();
            var response = await TriggerPayloads.PostAsync(app.Factory.CreateClient(), "ProcessZone", TriggerPayloads.Queue(message.Body.ToString()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        var task = await app.CompletedAsync(taskId);
        Assert.Equal("Created", MonitoringApp.Zones(task)[zone].GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"unexpected\":true}")]
    public async Task A_message_that_is_not_a_work_item_fails_with_the_reason(string message)
    {
        await using var app = new DmarcAppFactory();

        var response = await TriggerPayloads.PostAsync(app.CreateClient(), "ProcessZone", TriggerPayloads.Queue(message));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("The queue message is not a zone work item", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
