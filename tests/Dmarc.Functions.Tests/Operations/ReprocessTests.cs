using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Dmarc.Functions.Tests.Senders;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Operations;

/// <summary>
/// POST /api/operator/reprocess against Azurite: two domains' reports are ingested, both domains'
/// stored rows are damaged, and reprocessing one domain from the archive restores that domain's rows
/// exactly while the other's stay as they were; a second run writes nothing, a dry run writes nothing.
/// Every queue message goes through the functions in the host's payload shape.
/// </summary>
[Collection(PowerDnsTests.Name)]
public sealed partial class ReprocessTests : IAsyncLifetime
{
    internal const string Alpha = "alpha-reprocess.example";
    internal const string Beta = "beta-reprocess.example";
    private const long Begin = 1764547200; // 2025-12-01T00:00:00Z
    private readonly DmarcAppFactory _app = new();

    public async Task InitializeAsync()
    {
        await IngestBothAsync(_app);
        await DrainAsync();
    }

    /// <summary>One generated report for each of the two domains, through the blob trigger.</summary>
    internal static async Task IngestBothAsync(DmarcAppFactory app)
    {
        foreach (var (domain, id) in new[] { (Alpha, "rp-alpha"), (Beta, "rp-beta") })
        {
            var rows = new SenderRow[] { new("192.0.2.20", 40, [(domain, "pass")], (domain, "pass"), domain), new("192.0.2.21", 3, [], (domain, "fail"), domain) };
            (await TriggerPayloads.IngestAsync(app.CreateClient(), id + ".xml", SenderReports.Xml(id, domain, Begin, rows))).EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Reprocessing_one_domain_restores_its_rows_from_the_archive_leaves_the_other_and_a_second_run_writes_nothing()
    {
        var undamaged = await StateAsync();
        await DamageAsync(Alpha);
        await DamageAsync(Beta);
        var damaged = await StateAsync();
        Assert.NotEqual(undamaged, damaged);

        var task = await RunAsync(new { domain = "Alpha-Reprocess.example", from = "2025-11-30", to = "2025-12-02" });

        Assert.Equal(("Completed", 1, 1), (task.GetProperty("status").GetString(), task.GetProperty("reports").GetInt32(), task.GetProperty("rewritten").GetInt32()));
        Assert.Equal(2, task.GetProperty("documents").GetInt32());
        var restored = await StateAsync();
        Assert.Equal(Without(undamaged, Beta), Without(restored, Beta));
        Assert.Equal(Only(damaged, Beta), Only(restored, Beta));

        // Nothing differs any more: the second run rewrites nothing, and no table, blob or queue changes (computed-at times included).
        var settled = await StorageSnapshot.TakeAsync(_app.Prefix);
        var again = await RunAsync(new { domain = Alpha });
        Assert.Equal((1, 0), (again.GetProperty("reports").GetInt32(), again.GetProperty("rewritten").GetInt32()));
        Assert.Equal(Data(settled), Data(await StorageSnapshot.TakeAsync(_app.Prefix)));
    }

    [Fact]
    public async Task A_dry_run_counts_what_it_would_rewrite_and_writes_nothing_and_a_range_outside_the_reports_touches_nothing()
    {
        await DamageAsync(Alpha);
        var damaged = await StorageSnapshot.TakeAsync(_app.Prefix);

        var dry = await RunAsync(new { dryRun = true });
        var outside = await RunAsync(new { from = "2026-01-01" });

        Assert.Equal((2, 1, true), (dry.GetProperty("reports").GetInt32(), dry.GetProperty("rewritten").GetInt32(), dry.GetProperty("scope").GetProperty("dryRun").GetBoolean()));
        Assert.Equal((0, 0), (outside.GetProperty("reports").GetInt32(), outside.GetProperty("rewritten").GetInt32()));
        Assert.Equal(Data(damaged), Data(await StorageSnapshot.TakeAsync(_app.Prefix)));
    }

    [Fact]
    public async Task A_bad_range_is_refused_with_the_reason_and_an_account_key_neither_starts_nor_reads_a_run()
    {
        var admin = _app.CreateAdminClient();

        var refused = await admin.PostAsJsonAsync("/api/operator/reprocess", new { from = "2025-12-02", to = "2025-12-01", domain = "not a domain" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["domain", "from"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().PostAsJsonAsync("/api/operator/reprocess", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/api/tasks/rp_00000000000000000000", UriKind.Relative))).StatusCode);
    }

    /// <summary>Starts a run, hands its queue steps (and the classification and rollup it leads to) to the functions, and reads the task.</summary>
    private async Task<JsonElement> RunAsync(object body)
    {
        var admin = _app.CreateAdminClient();
        var started = await admin.PostAsJsonAsync("/api/operator/reprocess", body);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var url = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusUrl").GetString()!;
        await DrainAsync();
        return await admin.GetFromJsonAsync<JsonElement>(url);
    }

    /// <summary>Every queued reprocess step and sender lookup through its function, then the rollup.</summary>
    private async Task DrainAsync()
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var steps = new QueueClient(Azurite.ConnectionString, _app.Names.Queue("reprocess"), options);
        var client = _app.CreateClient();
        while ((await steps.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                Assert.Equal(HttpStatusCode.OK, (await TriggerPayloads.PostAsync(client, "ReprocessArchive", TriggerPayloads.Queue(message.Body.ToString()))).StatusCode);
                await steps.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        await SenderClassificationTests.DrainAsync(_app);
        (await TriggerPayloads.PostAsync(client, "RollupTimer", TriggerPayloads.Timer(false))).EnsureSuccessStatusCode();
    }

    /// <summary>Changes one contribution's count and deletes the other, as a bad release or a hand edit might.</summary>
    private Task DamageAsync(string domain) => DamageAsync(_app, Azurite.ConnectionString, domain);

    internal static async Task DamageAsync(DmarcAppFactory app, string connectionString, string domain)
    {
        var table = new TableClient(connectionString, app.Names.Table("contributions"));
        var rows = await table.QueryAsync<TableEntity>().Where(r => r.PartitionKey.StartsWith(domain, StringComparison.Ordinal)).OrderBy(r => r.RowKey, StringComparer.Ordinal).ToListAsync();
        Assert.Equal(2, rows.Count);
        rows[0]["Total"] = 1L;
        await table.UpdateEntityAsync(rows[0], rows[0].ETag);
        await table.DeleteEntityAsync(rows[1].PartitionKey, rows[1].RowKey, rows[1].ETag);
    }

    /// <summary>The stored data with what a run itself records left out and recompute times taken out.</summary>
    private async Task<string[]> StateAsync() => [.. Data(await StorageSnapshot.TakeAsync(_app.Prefix)).Select(l => ComputedAt().Replace(l, "ComputedAt=<t>"))];

    private static string[] Data(IEnumerable<string> snapshot) =>
        [.. snapshot.Where(l => !RecordOfRuns().IsMatch(l))];

    private static string[] Only(IEnumerable<string> state, string domain) => [.. state.Where(l => l.Contains(domain, StringComparison.Ordinal))];

    private static string[] Without(IEnumerable<string> state, string domain) => [.. state.Where(l => !l.Contains(domain, StringComparison.Ordinal))];

    [GeneratedRegex("^table (timerruns|rollupruns|reprocesstasks|queuefailures|activity):")]
    private static partial Regex RecordOfRuns();

    [GeneratedRegex("ComputedAt=[^;]*")]
    private static partial Regex ComputedAt();
}
