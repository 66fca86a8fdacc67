using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Dmarc.Functions.Tests.LocalRunner;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Triggers;

/// <summary>The local runner's payloads have the shape of the host's (the fixtures): the same keys, in the same encoding.</summary>
public class HostPayloadShapeTests
{
    [Fact]
    public async Task The_runners_blob_payload_matches_the_hosts()
    {
        await using var host = await RunnerHost.StartAsync(new Dictionary<string, string> { ["IngestReport"] = File.ReadAllText(FunctionJson("IngestReport")) });
        var inbound = new BlobContainerClient(Azurite.ConnectionString, host.Names.Container("inbound"));
        await inbound.CreateIfNotExistsAsync();
        await inbound.UploadBlobAsync("drop/report.xml.gz", new BinaryData(new byte[] { 0x1f, 0x8b, 8, 0 }));

        var delivery = (await BlobTriggerTests.WaitForAsync(host, "IngestReport", 1))[0];

        AssertSameShape(TriggerPayloads.Blob("drop/report.xml.gz", [0x1f, 0x8b, 8, 0]), delivery.Payload);
    }

    [Fact]
    public async Task The_runners_queue_payload_matches_the_hosts()
    {
        await using var host = await RunnerHost.StartAsync(new Dictionary<string, string> { ["ProcessZone"] = File.ReadAllText(FunctionJson("ProcessZone")) });
        var queue = new QueueClient(Azurite.ConnectionString, host.Names.Queue("zone-tasks"), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        const string message = """{"TaskId":"t1","AccountId":"acc_1","Zone":"contoso.example"}""";
        await queue.SendMessageAsync(message);

        var delivery = (await BlobTriggerTests.WaitForAsync(host, "ProcessZone", 1))[0];

        AssertSameShape(TriggerPayloads.Queue(message), delivery.Payload);
    }

    [Fact]
    public async Task The_runners_timer_payload_matches_the_hosts()
    {
        await using var host = await RunnerHost.StartAsync(new Dictionary<string, string>
        {
            ["RollupTimer"] = """{ "bindings": [ { "type": "timerTrigger", "direction": "in", "name": "timer", "schedule": "0 0 0 1 1 *", "runOnStartup": true } ] }""",
        });

        var delivery = (await BlobTriggerTests.WaitForAsync(host, "RollupTimer", 1))[0];

        AssertSameShape(TriggerPayloads.Timer(false), delivery.Payload);
    }

    private static string FunctionJson(string name) => Path.Combine(RepoPaths.Root, "functions", "Dmarc.Functions", name, "function.json");

    private static void AssertSameShape(string fixture, JsonElement actual)
    {
        using var expected = JsonDocument.Parse(fixture);
        Assert.Equal(expected.RootElement.EnumerateObject().Select(p => p.Name), actual.EnumerateObject().Select(p => p.Name));
        foreach (var section in new[] { "Metadata", "Data" })
        {
            Assert.Equal(Shapes(expected.RootElement.GetProperty(section)), Shapes(actual.GetProperty(section)));
        }
    }

    /// <summary>Each key with how its value is encoded: an object (and its keys' kinds), JSON text in a string, or plain text (base64).</summary>
    private static string[] Shapes(JsonElement section) =>
        section.EnumerateObject().Select(p => $"{p.Name}: {Shape(p.Value)}").Order(StringComparer.Ordinal).ToArray();

    private static string Shape(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return "object";
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return value.ValueKind.ToString();
        }

        try
        {
            using var inner = JsonDocument.Parse(value.GetString()!);
            return "JSON " + inner.RootElement.ValueKind;
        }
        catch (JsonException)
        {
            return "text";
        }
    }
}
