using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Dmarc.Core.Notifications;
using Dmarc.Core.Reports;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Dmarc.Functions.Tests.Operations;

/// <summary>
/// GET /api/operator/status against Azurite: every figure is put in place in the real stores first
/// (queue messages, poison messages, inbound blobs, quarantined documents, outbox e-mails, timer runs)
/// and then read back through the API.
/// </summary>
public sealed class PipelineStatusTests : IAsyncLifetime
{
    private readonly DmarcAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Every_figure_comes_from_the_stores()
    {
        var client = _app.CreateClient();
        var admin = _app.CreateAdminClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/api/operator/status", UriKind.Relative))).StatusCode);
        var before = DateTimeOffset.UtcNow;
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var lookups = new QueueClient(Azurite.ConnectionString, _app.Names.Queue("sender-lookups"), options);
        await lookups.SendMessageAsync("{}");
        await lookups.SendMessageAsync("{}");
        var poison = new QueueClient(Azurite.ConnectionString, _app.Names.Queue("zone-tasks") + "-poison", options);
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("{}");
        var inbound = new BlobContainerClient(Azurite.ConnectionString, _app.Names.Container("inbound"));
        await inbound.UploadBlobAsync("waiting/1.xml", new BinaryData("<feedback/>"u8.ToArray()));
        await inbound.UploadBlobAsync("waiting/2.xml", new BinaryData("<feedback/>"u8.ToArray()));
        await inbound.UploadBlobAsync("broken.xml", new BinaryData(Encoding.UTF8.GetBytes("not a report")));
        await inbound.UploadBlobAsync("given-up.xml", new BinaryData(Encoding.UTF8.GetBytes(ReportGenerator.Xml(1, 1, policyDomain: "status.example"))));
        var ingestion = _app.Services.GetRequiredService<ReportIngestion>();
        Assert.NotNull((await ingestion.IngestAsync("broken.xml"))?.Quarantined);
        Assert.NotNull(await ingestion.QuarantineGivenUpAsync("given-up.xml", "every attempt failed"));
        var outbox = _app.Services.GetRequiredService<IEmailOutbox>();
        await outbox.AddAsync("status|1", new EmailMessage(["o1@status.example"], "One", "text", "<p>html</p>"));
        await outbox.AddAsync("status|2", new EmailMessage(["o2@status.example"], "Two", "text", "<p>html</p>"));
        var ran = await TriggerPayloads.PostAsync(client, "RollupTimer", TriggerPayloads.Timer(pastDue: false));
        Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
        var after = DateTimeOffset.UtcNow;

        var status = (await admin.GetFromJsonAsync<JsonElement>("/api/operator/status"))!;

        Assert.All(status.GetProperty("storage").EnumerateArray(), c => Assert.True(c.GetProperty("reachable").GetBoolean()));
        var queues = status.GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!);
        Assert.Equal(["zone-tasks", "sender-lookups", "reprocess", "webjobs-blobtrigger-poison"], queues.Keys);
        Assert.Equal((2, 0), (queues["sender-lookups"].GetProperty("depth").GetInt64(), queues["sender-lookups"].GetProperty("poisonCount").GetInt64()));
        Assert.True(TimeSpan.Parse(queues["sender-lookups"].GetProperty("oldestAge").GetString()!, System.Globalization.CultureInfo.InvariantCulture) <= after - before + TimeSpan.FromSeconds(5));
        Assert.Equal((0, 1), (queues["zone-tasks"].GetProperty("depth").GetInt64(), queues["zone-tasks"].GetProperty("poisonCount").GetInt64()));
        Assert.Equal(JsonValueKind.Null, queues["zone-tasks"].GetProperty("oldestAge").ValueKind);
        Assert.Equal(2, status.GetProperty("inbound").GetProperty("documents").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("inbound").GetProperty("oldestAge").ValueKind);
        var quarantine = status.GetProperty("quarantine");
        Assert.Equal(2, quarantine.GetProperty("documents").GetInt64());
        var byKind = quarantine.GetProperty("byKind").EnumerateArray().ToDictionary(k => k.GetProperty("kind").GetString()!, k => k.GetProperty("documents").GetInt64());
        Assert.Equal((1, 1, 0), (byKind["NotAReport"], byKind["GivenUp"], byKind["TooLarge"]));
        var pending = status.GetProperty("outbox");
        Assert.Equal(2, pending.GetProperty("unsent").GetInt64());
        var oldestUnsent = pending.GetProperty("oldestUnsentAt").GetDateTimeOffset();
        Assert.InRange(oldestUnsent, before.AddSeconds(-5), after.AddSeconds(5));
        var timers = status.GetProperty("timers").EnumerateArray().ToDictionary(t => t.GetProperty("function").GetString()!);
        Assert.Equal(["AdvanceEnforcement", "CheckAlertRecords", "EvaluateAlerts", "PullMailbox", "ReclassifySenders", "ResumeTasks", "RollupTimer", "SendExecutiveReports", "SendOutbox"], timers.Keys);
        var rollup = timers["RollupTimer"];
        Assert.Equal(("0 0 * * * *", "Succeeded"), (rollup.GetProperty("schedule").GetString(), rollup.GetProperty("outcome").GetString()));
        Assert.InRange(rollup.GetProperty("lastRun").GetDateTimeOffset(), before.AddSeconds(-1), after.AddSeconds(1));
        Assert.True(rollup.GetProperty("nextRun").GetDateTimeOffset() is { Minute: 0, Second: 0 } next && next > after);
        Assert.Equal(JsonValueKind.Null, timers["SendOutbox"].GetProperty("lastRun").ValueKind);
    }

    [Fact]
    public async Task A_timer_that_fails_is_shown_failed_with_its_error_and_the_status_needs_the_admin_key()
    {
        var failing = new Mock<IEmailOutbox>();
        failing.Setup(o => o.DeliverPendingAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("SMTP is down for the test"));
        await using var app = new DmarcAppFactory(services: s => s.AddSingleton(failing.Object));

        var ran = await TriggerPayloads.PostAsync(app.CreateClient(), "SendOutbox", TriggerPayloads.Timer(pastDue: false));

        Assert.Equal(HttpStatusCode.InternalServerError, ran.StatusCode);
        var status = (await app.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/operator/status"))!;
        var sendOutbox = status.GetProperty("timers").EnumerateArray().Single(t => t.GetProperty("function").GetString() == "SendOutbox");
        Assert.Equal(("Failed", "SMTP is down for the test"), (sendOutbox.GetProperty("outcome").GetString(), sendOutbox.GetProperty("error").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(new Uri("/api/operator/status", UriKind.Relative))).StatusCode);
    }
}
