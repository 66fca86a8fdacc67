using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Dmarc.Core.Reports.Reprocessing;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Dmarc.Functions.Tests.Operations;

/// <summary>
/// A storage write failing at each point of a reprocess run in turn (a page's report rewrite, its
/// rollup marks and lookups, the task's progress, the next page's message, the classification and
/// the rollup that follow): the queue message is delivered again as the host does, the timer runs
/// again, and the end state is the undisturbed run's. One archived document per page, so the run
/// has two pages and a hand-over between them.
/// </summary>
[Collection(PowerDnsTests.Name)]
public sealed class ReprocessFaultTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The host's maxDequeueCount: a message failing this often goes to the poison queue.</summary>
    private const int Deliveries = 5;

    [Fact]
    public async Task A_write_failing_at_any_point_of_a_reprocess_run_is_retried_to_the_state_of_an_undisturbed_run()
    {
        var writes = await FailingWrites.AssertEachFailureEndsAsUndisturbedAsync(ReprocessAsync);

        output.WriteLine($"{writes} writes; each failed once in its own run, and each run ended as the undisturbed one");
    }

    private static async Task<(IReadOnlyList<string> State, int Writes)> ReprocessAsync(FailingWrites faults)
    {
        await using var app = new DmarcAppFactory(new() { ["Storage:ConnectionString"] = faults.ConnectionString, ["Reprocess:PageSize"] = "1" }, s =>
        {
            faults.Register(s);
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        });
        await ReprocessTests.IngestBothAsync(app);
        await DrainAsync(app, faults);
        await ReprocessTests.DamageAsync(app, faults.ConnectionString, ReprocessTests.Alpha);
        var started = await app.CreateAdminClient().PostAsJsonAsync("/api/operator/reprocess", new { domain = ReprocessTests.Alpha });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var url = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusUrl").GetString()!;

        faults.Arm();
        await DrainAsync(app, faults);

        // Read from the store, not the API: the API's call records an activity row, a write that could be the failing one.
        var task = (await app.Services.GetRequiredService<ReprocessService>().GetAsync(url[(url.LastIndexOf('/') + 1)..]))!;
        var state = (await StorageSnapshot.TakeComparableAsync(app.Prefix, faults.ConnectionString, new Dictionary<string, string>()))
            // The rollup's own run records and its lease (left to expire when its release failed) are not data.
            .Where(l => !l.StartsWith("table rollupruns:", StringComparison.Ordinal) && !l.StartsWith("table rollupleases:", StringComparison.Ordinal))
            // A delivery that failed after rewriting a report leaves nothing for its retry to rewrite: the count is the completing delivery's.
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, "Rewritten=[0-9]+", "Rewritten=<n>"))
            .Append($"task: {task.Status}, {task.Pages} pages, {task.Reports} reports")
            .Order(StringComparer.Ordinal)
            .ToArray();
        return (state, faults.Made);
    }

    /// <summary>The reprocess and sender-lookups queues through their functions, each message delivered again while it fails, then the rollup timer.</summary>
    private static async Task DrainAsync(DmarcAppFactory app, FailingWrites faults)
    {
        foreach (var (queueName, function) in new[] { ("reprocess", "ReprocessArchive"), ("sender-lookups", "ClassifySenders"), ("reprocess", "ReprocessArchive"), ("sender-lookups", "ClassifySenders") })
        {
            var queue = new QueueClient(faults.ConnectionString, app.Names.Queue(queueName), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
            {
                foreach (var message in messages)
                {
                    for (var delivery = 1; !(await TriggerPayloads.PostAsync(app.CreateClient(), function, TriggerPayloads.Queue(message.Body.ToString()))).IsSuccessStatusCode; delivery++)
                    {
                        Assert.True(delivery < Deliveries, $"{function} failed {Deliveries} times");
                        await faults.RecoverAsync();
                    }

                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
        }

        for (var run = 1; !(await TriggerPayloads.PostAsync(app.CreateClient(), "RollupTimer", TriggerPayloads.Timer(pastDue: false))).IsSuccessStatusCode; run++)
        {
            Assert.True(run < 3, "RollupTimer failed twice");
            await faults.RecoverAsync();
        }
    }
}
