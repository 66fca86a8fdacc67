using Azure.Storage.Blobs;
using Dmarc.Functions.LocalRunner;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.LocalRunner;

public class BlobTriggerTests
{
    private const string Watch = """
        { "bindings": [ { "type": "blobTrigger", "direction": "in", "name": "doc", "path": "drop/{name}" } ] }
        """;

    [Fact]
    public async Task An_uploaded_blob_reaches_the_handler_exactly_once_and_a_new_version_once_more()
    {
        await using var host = await RunnerHost.StartAsync(new Dictionary<string, string> { ["Watch"] = Watch });
        var container = await ContainerAsync(host, "drop");

        await container.UploadBlobAsync("reports/a.xml", new BinaryData("<feedback/>"u8.ToArray()));
        var first = (await WaitForAsync(host, "Watch", 1)).Single();
        await Task.Delay(TimeSpan.FromSeconds(2)); // ten more polls: nothing may arrive twice
        Assert.Single(host.For("Watch"));

        Assert.Equal("reports/a.xml", first.Metadata("name"));
        Assert.Equal($"{host.Names.Container("drop")}/reports/a.xml", first.Metadata("BlobTrigger"));
        Assert.Equal("<feedback/>", first.Payload.GetProperty("Data").GetProperty("doc").GetString());
        Assert.Equal("Watch", first.Payload.GetProperty("Metadata").GetProperty("sys").GetProperty("MethodName").GetString());

        await container.GetBlobClient("reports/a.xml").UploadAsync(new BinaryData("<feedback>v2</feedback>"u8.ToArray()), overwrite: true);
        await WaitForAsync(host, "Watch", 2);
    }

    [Fact]
    public async Task A_blob_whose_handler_fails_five_times_is_moved_to_poison_with_the_reason()
    {
        await using var host = await RunnerHost.StartAsync(new Dictionary<string, string> { ["Watch"] = Watch }, fail: _ => true);
        var container = await ContainerAsync(host, "drop");
        await container.UploadBlobAsync("bad.xml", new BinaryData("<broken"u8.ToArray()));

        var poison = new BlobContainerClient(Azurite.ConnectionString, host.Names.Container("drop") + "-poison");
        await Eventually.GetAsync(async () => (await poison.ExistsAsync()).Value && (await poison.GetBlobClient("bad.xml").ExistsAsync()).Value, done => done, what: "the blob in poison");

        var properties = (await poison.GetBlobClient("bad.xml").GetPropertiesAsync()).Value;
        Assert.Equal("Watch failed on purpose", properties.Metadata[BlobTriggerWatcher.FailureReasonMetadata].Replace("HTTP 500: ", "", StringComparison.Ordinal));
        Assert.Equal("5", properties.Metadata["attempts"]);
        Assert.Equal("<broken", (await poison.GetBlobClient("bad.xml").DownloadContentAsync()).Value.Content.ToString());
        Assert.False((await container.GetBlobClient("bad.xml").ExistsAsync()).Value);
        Assert.Equal(5, host.For("Watch").Count);
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

        await WaitForAsync(host, "Watch", 3);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(3, host.For("Watch").Count);
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
