using System.Text;
using Azure.Storage.Blobs;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Dmarc.Functions.Tests.Reports;

/// <summary>
/// A storage write failing at each point of an ingestion in turn (a fault-injecting pipeline
/// policy, against Azurite): the host retries the blob, and the retry ends with exactly the rows,
/// blobs and messages of an undisturbed run, but for a classification batch queued twice when the
/// failure came after it was queued (Queue Storage delivers at least once; the batch is identical).
/// </summary>
public sealed class IngestionFaultTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Report = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 30, distinctIps: 12, policyDomain: "faults.example",
        begin: Now.AddDays(-1).ToUnixTimeSeconds(), end: Now.ToUnixTimeSeconds() - 1));

    [Fact]
    public async Task A_write_failing_at_any_point_of_ingestion_is_retried_to_the_state_of_an_undisturbed_run()
    {
        // Queue Storage delivers at least once: a retry after the enqueue (the inbound delete failed) queues the
        // same classification batch again, byte for byte; classifying it twice writes the same rows.
        var writes = await FailingWrites.AssertEachFailureEndsAsUndisturbedAsync(IngestAsync, AtLeastOnce);
        output.WriteLine($"{writes} writes; each failed once in its own run, and each run ended as the undisturbed one");
    }

    [Fact]
    public async Task Azurite_stopped_mid_ingestion_and_started_again_ends_as_an_undisturbed_run()
    {
        var writes = await FailingWrites.AssertEachOutageEndsAsUndisturbedAsync(10110, IngestAsync, AtLeastOnce);
        output.WriteLine($"{writes} writes; Azurite stopped before the first, a middle and the last, and each run ended as the undisturbed one");
    }

    /// <summary>The state with the classification batch a retry queued again merged (nothing else may repeat).</summary>
    private static IEnumerable<string> AtLeastOnce(IReadOnlyList<string> state)
    {
        Assert.All(state.GroupBy(l => l).Where(g => g.Count() > 1), g => Assert.StartsWith("queue sender-lookups: ", g.Key, StringComparison.Ordinal));
        return state.Distinct();
    }

    /// <summary>Ingests the report as the host would (retrying the blob while the function fails) and returns what is stored, with the prefix taken out.</summary>
    private static async Task<(IReadOnlyList<string> State, int Writes)> IngestAsync(FailingWrites faults)
    {
        await using var app = new DmarcAppFactory(new() { ["Storage:ConnectionString"] = faults.ConnectionString }, s =>
        {
            faults.Register(s);
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        });
        var client = app.CreateClient();
        var inbound = new BlobContainerClient(faults.ConnectionString, app.Names.Container("inbound"));
        await inbound.CreateIfNotExistsAsync();
        await inbound.UploadBlobAsync("drop/faults.xml", new BinaryData(Report));
        faults.Arm();

        for (var attempt = 1; ; attempt++)
        {
            using var answer = await TriggerPayloads.IngestAsync(client, "drop/faults.xml", Report);
            if (answer.IsSuccessStatusCode)
            {
                break;
            }

            Assert.True(attempt < 3, $"write {faults.FailAt}: attempt {attempt} failed too: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            await faults.RecoverAsync();
        }

        Assert.Equal(faults.FailAt > 0, faults.Failed);
        var state = (await StorageSnapshot.TakeAsync(app.Prefix, faults.ConnectionString)).Select(line => line.Replace(app.Prefix, "<prefix>", StringComparison.Ordinal)).ToArray();
        return (state, faults.Made);
    }
}
