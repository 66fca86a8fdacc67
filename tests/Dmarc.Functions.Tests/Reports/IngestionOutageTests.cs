using System.Text;
using Azure.Storage.Blobs;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Dmarc.Functions.Tests.Reports;

/// <summary>
/// Azurite itself stopped in the middle of an ingestion (an instance of the test's own, on
/// 127.0.0.1:10110-10112, stopped just before the first, a middle and the last write), started
/// again on the same data, and the blob retried: the end state is the undisturbed run's.
/// </summary>
public sealed class IngestionOutageTests(ITestOutputHelper output)
{
    private const int Port = 10110;
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Report = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 20, distinctIps: 8, policyDomain: "outage.example",
        begin: Now.AddDays(-1).ToUnixTimeSeconds(), end: Now.ToUnixTimeSeconds() - 1));

    [Fact]
    public async Task Azurite_stopped_mid_ingestion_and_started_again_ends_as_an_undisturbed_run()
    {
        var (undisturbed, writes) = await IngestAsync(failAt: 0);
        foreach (var failAt in new[] { 1, (writes + 1) / 2, writes }.Distinct())
        {
            var (state, _) = await IngestAsync(failAt);
            Assert.True(undisturbed.SequenceEqual(state.Distinct()), $"Azurite stopped before write {failAt} of {writes} left:\n+ {string.Join("\n+ ", state.Except(undisturbed))}\n- {string.Join("\n- ", undisturbed.Except(state))}");
        }

        output.WriteLine($"{writes} writes; Azurite stopped before writes 1, {(writes + 1) / 2} and {writes}, and each run ended as the undisturbed one");
    }

    private static async Task<(IReadOnlyList<string> State, int Writes)> IngestAsync(int failAt)
    {
        await using var azurite = new AzuriteProcess(Port);
        await azurite.StartAsync();
        var faults = new FailingWrites { FailAt = failAt, ConnectionString = azurite.ConnectionString, Outage = azurite.StopAsync };
        await using var app = new DmarcAppFactory(new() { ["Storage:ConnectionString"] = azurite.ConnectionString }, s =>
        {
            faults.Register(s);
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        });
        var client = app.CreateClient();
        var inbound = new BlobContainerClient(azurite.ConnectionString, app.Names.Container("inbound"));
        await inbound.CreateIfNotExistsAsync();
        await inbound.UploadBlobAsync("drop/outage.xml", new BinaryData(Report));
        faults.Arm();

        for (var attempt = 1; ; attempt++)
        {
            using var answer = await TriggerPayloads.IngestAsync(client, "drop/outage.xml", Report);
            if (answer.IsSuccessStatusCode)
            {
                break;
            }

            Assert.True(attempt < 3, $"Azurite stopped before write {failAt}: attempt {attempt} failed too: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            await azurite.StartAsync();
        }

        Assert.Equal(failAt > 0, faults.Failed);
        var state = (await StorageSnapshot.TakeAsync(app.Prefix, azurite.ConnectionString)).Select(line => line.Replace(app.Prefix, "<prefix>", StringComparison.Ordinal)).ToArray();
        return (state, faults.Writes - (failAt > 0 ? 1 : 0));
    }
}
