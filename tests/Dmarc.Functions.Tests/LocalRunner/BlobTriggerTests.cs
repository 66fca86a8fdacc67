using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Dmarc.Adapters.Storage;
using Dmarc.Functions.Hosting;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.LocalRunner;

public class BlobTriggerTests
{
    private const string Watch = """
        { "bindings": [ { "type": "blobTrigger", "direction": "in", "name": "doc", "dataType": "binary", "path": "drop/{name}" } ] }
        """;

    [Fact]
    public async Task Each_blob_version_reaches_the_handler_with_its_content_in_the_hosts_encoding()
    {
        await using var host = await RunnerHost.StartAsync(new Dictionary<string, string> { ["Watch"] = Watch });
        var container = await ContainerAsync(host, "drop");

        await container.UploadBlobAsync("reports/a.xml", new BinaryData("<feedback/>"u8.ToArray()));
        var first = (await WaitForAsync(host, "Watch", 1))[0];
        await container.GetBlobClient("reports/a.xml").UploadAsync(new BinaryData("<feedback>v2</feedback>"u8.ToArray()), overwrite: true);
        var both = await WaitForAsync(host, "Watch", 2);

        var metadata = first.Payload.GetProperty("Metadata");
        Assert.Equal("reports/a.xml", HostContract.DecodeString(metadata.GetProperty("name"), "name"));
        Assert.False(metadata.TryGetProperty("BlobTrigger", out _), "keys ending in 'trigger' are not in the host's Metadata");
        Assert.Equal(11, metadata.GetProperty("Properties").GetProperty("ContentLength").GetInt64());
        Assert.Equal("Watch", metadata.GetProperty("sys").GetProperty("MethodName").GetString());
        Assert.Equal("Metadata", first.Payload.EnumerateObject().First().Name);
        Assert.Equal(
            ["<feedback/>", "<feedback>v2</feedback>"],
            both.Select(d => System.Text.Encoding.UTF8.GetString(HostContract.DecodeBytes(d.Payload.GetProperty("Data").GetProperty("doc"), "doc"))));
    }

    [Fact]
    public async Task A_blob_failing_every_attempt_stays_in_place_and_is_named_on_the_blob_poison_queue()
    {
        await using var host = await RunnerHost.StartAsync(new Dictionary<string, string> { ["Watch"] = Watch }, fail: _ => true);
        var container = await ContainerAsync(host, "drop");
        await container.UploadBlobAsync("bad.xml", new BinaryData("<broken"u8.ToArray()));
        var etag = (await container.GetBlobClient("bad.xml").GetPropertiesAsync()).Value.ETag.ToString().Trim('"');
        var poison = new QueueClient(Azurite.ConnectionString, host.Names.Queue(StorageNames.BlobTriggerPoison), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

        var messages = await Eventually.GetAsync(
            async () => (await poison.ExistsAsync()).Value ? (await poison.PeekMessagesAsync(5)).Value : [],
            m => m.Length > 0,
            what: "a message on webjobs-blobtrigger-poison");

        var message = JsonSerializer.Deserialize<BlobTriggerPoisonMessage>(Assert.Single(messages).Body.ToString());
        Assert.Equal(new BlobTriggerPoisonMessage("BlobTrigger", "Host.Functions.Watch", "BlockBlob", host.Names.Container("drop"), "bad.xml", etag), message! with { ETag = message.ETag.Trim('"') });
        Assert.True((await container.GetBlobClient("bad.xml").ExistsAsync()).Value, "the host leaves a poisoned blob where it is");
        Assert.Equal(5, host.For("Watch").Count);
    }

    [Fact]
    public async Task The_number_of_attempts_comes_from_host_json()
    {
        await using var host = await RunnerHost.StartAsync(
            new Dictionary<string, string> { ["Watch"] = Watch },
            fail: _ => true,
            hostJson: """{ "version": "2.0", "extensions": { "blobs": { "poisonBlobThreshold": 2 }, "queues": { "visibilityTimeout": "00:00:00" } } }""");
        var container = await ContainerAsync(host, "drop");
        await container.UploadBlobAsync("bad.xml", new BinaryData("<broken"u8.ToArray()));
        var poison = new QueueClient(Azurite.ConnectionString, host.Names.Queue(StorageNames.BlobTriggerPoison), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

        await Eventually.GetAsync(async () => (await poison.ExistsAsync()).Value ? (await poison.PeekMessagesAsync(5)).Value : [], m => m.Length > 0, what: "the blob on the poison queue");

        Assert.Equal(2, host.For("Watch").Count);
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_until_it_succeeds()
    {
        var attempts = 0;
        await using var host = await RunnerHost.StartAsync(
            new Dictionary<string, string> { ["Watch"] = Watch },
            fail: _ => Interlocked.Increment(ref attempts) <= 2);
        var container = await ContainerAsync(host, "drop");

        await container.UploadBlobAsync("flaky.xml", new BinaryData("<x/>"u8.ToArray()));

        var deliveries = await WaitForAsync(host, "Watch", 3);
        Assert.All(deliveries, d => Assert.Equal("<x/>", System.Text.Encoding.UTF8.GetString(HostContract.DecodeBytes(d.Payload.GetProperty("Data").GetProperty("doc"), "doc"))));
        Assert.True((await container.GetBlobClient("flaky.xml").ExistsAsync()).Value);
    }

    internal static async Task<IReadOnlyList<Delivery>> WaitForAsync(RunnerHost host, string function, int count) =>
        await Eventually.GetAsync(() => Task.FromResult(host.For(function)), d => d.Count >= count, what: $"{count} deliveries to {function}");

    private static async Task<BlobContainerClient> ContainerAsync(RunnerHost host, string name)
    {
        var container = new BlobContainerClient(Azurite.ConnectionString, host.Names.Container(name));
        await container.CreateIfNotExistsAsync();
        return container;
    }
}
