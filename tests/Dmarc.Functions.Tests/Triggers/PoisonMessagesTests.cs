using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Triggers;

/// <summary>
/// A queue message that fails: the function keeps why, the host moves the unchanged message to
/// the poison queue, and an operator sees it with its reason and puts it back on its queue.
/// </summary>
public sealed class PoisonMessagesTests : IAsyncLifetime
{
    private readonly DmarcAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_failed_message_in_the_poison_queue_is_listed_with_its_reason_and_retried_through_the_api()
    {
        const string message = "{\"taskId\":\"\",\"accountId\":\"acc_x\"}";
        var client = _app.CreateClient();
        var failed = await TriggerPayloads.PostAsync(client, "ProcessZone", TriggerPayloads.Queue(message));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);

        // What the host does after the last attempt: the same message, on <queue>-poison.
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var poison = new QueueClient(Azurite.ConnectionString, _app.Names.Queue("zone-tasks") + "-poison", options);
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync(message);
        var admin = _app.CreateAdminClient();

        var listed = Assert.Single(await admin.GetFromJsonAsync<JsonElement[]>("/api/operator/poison-messages") ?? []);

        Assert.Equal(("zone-tasks", message), (listed.GetProperty("queue").GetString(), listed.GetProperty("body").GetString()));
        Assert.StartsWith("ProcessZone: The queue message is not a zone work item", listed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.CreateClientWith(await AccountKeyAsync()).GetAsync(new Uri("/api/operator/poison-messages", UriKind.Relative))).StatusCode);

        var retried = await admin.PostAsync(new Uri($"/api/operator/poison-messages/zone-tasks/{listed.GetProperty("id").GetString()}:retry", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        var queue = new QueueClient(Azurite.ConnectionString, _app.Names.Queue("zone-tasks"), options);
        Assert.Equal(message, Assert.Single((await queue.PeekMessagesAsync(32)).Value).Body.ToString());
        Assert.Empty(await Eventually.GetAsync(
            async () => await admin.GetFromJsonAsync<JsonElement[]>("/api/operator/poison-messages") ?? [], l => l.Length == 0, TimeSpan.FromSeconds(10), "the poison queue emptied"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync(new Uri($"/api/operator/poison-messages/zone-tasks/{listed.GetProperty("id").GetString()}:retry", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync(new Uri("/api/operator/poison-messages/not-a-queue/x:retry", UriKind.Relative), null)).StatusCode);
    }

    private async Task<string> AccountKeyAsync()
    {
        var created = await (await _app.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name = "Poison Co", ownerEmails = new[] { "o@poison.example" }, edition = "Monitor" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        return created.GetProperty("apiKey").GetString()!;
    }
}
