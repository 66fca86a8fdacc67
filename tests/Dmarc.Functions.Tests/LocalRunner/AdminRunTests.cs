using System.Net;
using System.Net.Http.Json;
using System.Text;
using Azure.Storage.Blobs;
using Dmarc.Core.Notifications;
using Dmarc.Functions.LocalRunner;
using Dmarc.Tests.Shared;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.LocalRunner;

/// <summary>
/// POST /admin/functions/{name} with {"input": ...}, the Functions host's admin API, served locally
/// with the admin key (x-functions-key, as Azure takes the master key, or Bearer): a timer, a blob
/// and a queue function run once, against Azurite and MailDev.
/// </summary>
public sealed class AdminRunTests : IAsyncLifetime
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _payloads = new();
    private readonly DmarcAppFactory _app;

    public AdminRunTests() =>
        _app = new(services: s => s.AddHttpClient(FunctionInvoker.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler())
            .AddHttpMessageHandler(() => new Recording(_payloads)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_call_without_the_admin_key_is_401_and_an_unknown_or_http_function_is_404()
    {
        using var anonymous = _app.CreateClient();
        using var admin = AdminWithFunctionsKey();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/admin/functions/SendOutbox", new { input = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/admin/functions/NoSuchFunction", new { input = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/admin/functions/Health", new { input = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/admin/functions/ProcessZone", new { input = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/admin/functions/IngestReport", new { input = "inbound/missing.xml" })).StatusCode);
    }

    [Fact]
    public async Task A_timer_runs_now_and_sends_what_the_outbox_holds()
    {
        var to = $"admin-run-{Guid.NewGuid():N}@example.com";
        await _app.Services.GetRequiredService<IEmailOutbox>().AddAsync("admin-run|" + to, new EmailMessage([to], "Run now", "text", "<p>html</p>"));

        using var answer = await _app.CreateAdminClient().PostAsJsonAsync("/admin/functions/SendOutbox", new { input = "" });

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        await Eventually.GetAsync(() => MailDev.MessagesToAsync(to), m => m.Count == 1, what: "the outbox e-mail in MailDev");
    }

    [Fact]
    public async Task A_timer_run_this_way_is_not_past_due()
    {
        using var answer = await AdminWithFunctionsKey().PostAsJsonAsync("/admin/functions/RollupTimer", new { input = "" });

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        var payload = System.Text.Json.JsonDocument.Parse(Assert.Single(_payloads)).RootElement;
        Assert.False(payload.GetProperty("Data").GetProperty("timer").GetProperty("IsPastDue").GetBoolean());
    }

    [Fact]
    public async Task A_blob_function_runs_on_the_blob_its_input_names()
    {
        var inbound = new BlobContainerClient(Azurite.ConnectionString, _app.Names.Container("inbound"));
        await inbound.CreateIfNotExistsAsync();
        var blob = inbound.GetBlobClient("drop/admin-run.xml");
        await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(ReportGenerator.Xml(3, 2, policyDomain: "admin-run.example"))));
        using var admin = AdminWithFunctionsKey();

        using var answer = await admin.PostAsJsonAsync("/admin/functions/IngestReport", new { input = "inbound/drop/admin-run.xml" });

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        // Ingested: the document leaves inbound once its rows are stored.
        await Eventually.GetAsync(async () => (await blob.ExistsAsync()).Value, exists => !exists, what: "the inbound blob ingested and removed");
    }

    [Fact]
    public async Task A_queue_function_gets_the_input_as_its_message()
    {
        using var admin = AdminWithFunctionsKey();

        using var answer = await admin.PostAsJsonAsync("/admin/functions/ClassifySenders", new { input = "{\"not\":\"a batch\"}" });

        // The host answers 202 whatever the run does; the run's failure (a message it cannot read) is kept with its reason.
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        var failures = await Eventually.GetAsync(
            async () => (await StorageSnapshot.TakeAsync(_app.Prefix)).Where(l => l.StartsWith("table queuefailures:", StringComparison.Ordinal)).ToArray(),
            rows => rows.Length == 1,
            what: "the failed message's reason");
        Assert.Contains("PartitionKey=sender-lookups; Reason=ClassifySenders: The queue message is not a sender lookup batch", failures[0], StringComparison.Ordinal);
    }

    /// <summary>Keeps each payload the invoker posts to a function, as the function receives it.</summary>
    private sealed class Recording(System.Collections.Concurrent.ConcurrentQueue<string> payloads) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            payloads.Enqueue(await request.Content!.ReadAsStringAsync(cancellationToken));
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private HttpClient AdminWithFunctionsKey()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", DmarcAppFactory.AdminKey);
        return client;
    }
}
