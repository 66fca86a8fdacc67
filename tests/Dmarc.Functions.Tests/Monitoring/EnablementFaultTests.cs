using System.Net;
using Azure.Storage.Queues;
using Dmarc.Adapters.Dns;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Dmarc.Functions.Tests.Monitoring;

/// <summary>
/// A storage write failing at each point of one zone's enablement in turn (the hosted DNS write,
/// the audit entry, the registry, the result and its count, the task e-mail's outbox): the host
/// retries the zone's message, and the retry (with the timers that deliver what was left pending)
/// ends with exactly the state of an undisturbed run
/// (the e-mails' bytes, which hold fresh Message-IDs and boundaries, are compared by count).
/// The same with Azurite itself stopped mid-task (on 127.0.0.1:10120-10122) and started again.
/// </summary>
public sealed class EnablementFaultTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_write_failing_at_any_point_of_a_zones_enablement_is_retried_to_the_state_of_an_undisturbed_run()
    {
        var writes = await FailingWrites.AssertEachFailureEndsAsUndisturbedAsync(EnableAsync);
        output.WriteLine($"{writes} writes; each failed once in its own run, and each run ended as the undisturbed one");
    }

    [Fact]
    public async Task Azurite_stopped_mid_enablement_and_started_again_ends_as_an_undisturbed_run()
    {
        var writes = await FailingWrites.AssertEachOutageEndsAsUndisturbedAsync(10120, EnableAsync);
        output.WriteLine($"{writes} writes; Azurite stopped before the first, a middle and the last, and each run ended as the undisturbed one");
    }

    private static async Task<(IReadOnlyList<string> State, int Writes)> EnableAsync(FailingWrites faults)
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false, settings: new() { ["Storage:ConnectionString"] = faults.ConnectionString }, services: s =>
        {
            faults.Register(s);
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        });
        var zone = app.Domain("faults");
        await app.CreateZoneAsync(zone);
        var taskId = await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable");
        var queue = new QueueClient(faults.ConnectionString, app.Factory.Names.Queue("zone-tasks"), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var listing = (await Eventually.GetAsync(async () => (await queue.ReceiveMessagesAsync(1)).Value, m => m.Length == 1, what: "the listing's message")).Single();
        Assert.Equal(HttpStatusCode.OK, (await TriggerPayloads.PostAsync(app.Factory.CreateClient(), "ProcessZone", TriggerPayloads.Queue(listing.Body.ToString()))).StatusCode);
        await queue.DeleteMessageAsync(listing.MessageId, listing.PopReceipt);
        var message = (await Eventually.GetAsync(async () => (await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5))).Value, m => m.Length == 1, what: "the zone's message")).Single();

        faults.Arm();
        for (var attempt = 1; ; attempt++)
        {
            using var answer = await TriggerPayloads.PostAsync(app.Factory.CreateClient(), "ProcessZone", TriggerPayloads.Queue(message.Body.ToString()));
            if (answer.IsSuccessStatusCode)
            {
                break;
            }

            Assert.True(attempt < 3, $"write {faults.FailAt}: attempt {attempt} failed too: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            await faults.RecoverAsync();
        }

        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);

        // The timers that finish what a failure left pending: the hourly alert evaluation delivers
        // pending alert events, the outbox timer sends pending e-mails. An undisturbed run runs them too.
        foreach (var timer in new[] { "EvaluateAlerts", "SendOutbox" })
        {
            // A timer whose run failed runs again at its next occurrence.
            for (var run = 1; !(await TriggerPayloads.PostAsync(app.Factory.CreateClient(), timer, TriggerPayloads.Timer(pastDue: false))).IsSuccessStatusCode; run++)
            {
                Assert.True(run < 3, $"{timer} failed twice");
                await faults.RecoverAsync();
            }
        }

        Assert.Equal(faults.FailAt > 0, faults.Failed);
        var state = await StorageSnapshot.TakeComparableAsync(app.Factory.Prefix, faults.ConnectionString, new Dictionary<string, string>
        {
            [app.AccountId] = "<account>",
            [taskId] = "<task>",
            [app.Owner] = "<owner>",
            [app.ReportingDomain] = "<reporting>",
        });
        return (state, faults.Made);
    }
}
