using Azure.Storage.Queues;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.LocalRunner;

public class QueueTriggerTests
{
    private const string Work = """
        { "bindings": [ { "type": "queueTrigger", "direction": "in", "name": "item", "queueName": "work" } ] }
        """;

    [Fact]
    public async Task A_handled_message_is_delivered_once_and_deleted()
    {
        await using var host = await RunnerHost.StartAsync(new Dictionary<string, string> { ["Work"] = Work });
        var queue = await QueueAsync(host, "work");

        await queue.SendMessageAsync("{\"zone\":\"contoso.com\"}");

        var delivery = (await BlobTriggerTests.WaitForAsync(host, "Work", 1)).Single();
        // As the host sends it: the message's JSON text encoded once more, numbers as strings, ids quoted.
        Assert.Equal("\"{\\\"zone\\\":\\\"contoso.com\\\"}\"", delivery.Payload.GetProperty("Data").GetProperty("item").GetString());
        Assert.Equal("1", delivery.Metadata("DequeueCount"));
        Assert.StartsWith("\"", delivery.Metadata("Id"), StringComparison.Ordinal);
        Assert.False(delivery.Payload.GetProperty("Metadata").TryGetProperty("QueueTrigger", out _));
        await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0, what: "an empty queue");
        Assert.Single(host.For("Work"));
    }

    [Fact]
    public async Task A_message_failing_five_times_goes_to_the_poison_queue()
    {
        await using var host = await RunnerHost.StartAsync(new Dictionary<string, string> { ["Work"] = Work }, fail: _ => true);
        var queue = await QueueAsync(host, "work");
        var poison = await QueueAsync(host, "work-poison");

        await queue.SendMessageAsync("poisonous");

        var moved = await Eventually.GetAsync(
            async () => (await poison.ReceiveMessagesAsync(1)).Value,
            m => m.Length == 1,
            what: "the message in work-poison");
        Assert.Equal("poisonous", moved[0].Body.ToString());
        Assert.Equal(["1", "2", "3", "4", "5"], host.For("Work").Select(d => d.Metadata("DequeueCount")));
        // Sent to poison, then deleted from the queue: two steps, so the second is waited for.
        await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0, what: "the message gone from work");
    }

    private static async Task<QueueClient> QueueAsync(RunnerHost host, string name)
    {
        var queue = new QueueClient(Azurite.ConnectionString, host.Names.Queue(name), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        return queue;
    }
}
