using System.Net;
using System.Text.RegularExpressions;
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
/// </summary>
public sealed partial class EnablementFaultTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_write_failing_at_any_point_of_a_zones_enablement_is_retried_to_the_state_of_an_undisturbed_run()
    {
        var writes = await FailingWrites.AssertEachFailureEndsAsUndisturbedAsync(EnableAsync);
        output.WriteLine($"{writes} writes; each failed once in its own run, and each run ended as the undisturbed one");
    }

    private static async Task<(IReadOnlyList<string> State, int Writes)> EnableAsync(int failAt)
    {
        var faults = new FailingWrites { FailAt = failAt };
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false, services: s =>
        {
            faults.Register(s);
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        });
        var zone = app.Domain("faults");
        await app.CreateZoneAsync(zone);
        var taskId = await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable");
        var queue = new QueueClient(Azurite.ConnectionString, app.Factory.Names.Queue("zone-tasks"), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
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

            Assert.True(attempt < 3, $"write {failAt}: attempt {attempt} failed too: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
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
            }
        }

        Assert.Equal(failAt > 0, faults.Failed);
        var state = (await StorageSnapshot.TakeAsync(app.Factory.Prefix))
            .Select(line => Ids().Replace(line.Replace(app.Factory.Prefix, "<prefix>", StringComparison.Ordinal)
                .Replace(app.AccountId, "<account>", StringComparison.Ordinal).Replace(taskId, "<task>", StringComparison.Ordinal)
                .Replace(app.Owner, "<owner>", StringComparison.Ordinal).Replace(app.ReportingDomain, "<reporting>", StringComparison.Ordinal), "<id>"))
            .Select(line => Shard().Replace(line, "<account>|<shard>"))
            .Select(line => line.StartsWith("blob outbox/", StringComparison.Ordinal) ? line[..line.LastIndexOf(':')] + ": <message>" : line)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return (state, faults.Writes - (failAt > 0 ? 1 : 0));
    }

    /// <summary>The hosted zones' partition is a shard of the account id, which each run draws afresh.</summary>
    [GeneratedRegex(@"<account>\|\d+")]
    private static partial Regex Shard();

    /// <summary>Ids each run draws afresh (activity rows, notifications, e-mails): a run's state is compared without them.</summary>
    [GeneratedRegex("[0-9a-f]{12,32}")]
    private static partial Regex Ids();
}
