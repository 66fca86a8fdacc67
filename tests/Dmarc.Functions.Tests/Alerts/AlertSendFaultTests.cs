using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Dmarc.Functions.Tests.Alerts;

/// <summary>
/// A storage write failing at each point of raising and sending an alert in turn (the Domain
/// added alert of a domain an owner adds: the registry claim, the pending event, the outbox
/// e-mail, the notification, the marker, the "sent" mark): the owner's client retries, the
/// timers deliver what was left pending, and the end state is the undisturbed run's, with the
/// alert e-mailed once (the same Message-Id when the failure came between sending and marking).
/// The same with Azurite itself stopped mid-send (on 127.0.0.1:10130-10132) and started again.
/// </summary>
public sealed class AlertSendFaultTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_write_failing_at_any_point_of_an_alert_is_retried_to_the_state_of_an_undisturbed_run_and_one_email()
    {
        var writes = await FailingWrites.AssertEachFailureEndsAsUndisturbedAsync(AddDomainAsync);

        output.WriteLine($"{writes} writes; each failed once in its own run, and each run ended as the undisturbed one");
    }

    [Fact]
    public async Task Azurite_stopped_mid_alert_and_started_again_ends_as_an_undisturbed_run_and_one_email()
    {
        var writes = await FailingWrites.AssertEachOutageEndsAsUndisturbedAsync(10130, AddDomainAsync);
        output.WriteLine($"{writes} writes; Azurite stopped before the first, a middle and the last, and each run ended as the undisturbed one");
    }

    private static async Task<(IReadOnlyList<string> State, int Writes)> AddDomainAsync(FailingWrites faults)
    {
        await using var app = new DmarcAppFactory(new() { ["Storage:ConnectionString"] = faults.ConnectionString }, s =>
        {
            faults.Register(s);
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        });
        var owner = $"owner-{Guid.NewGuid():N}@alerts.example";
        var created = await (await app.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name = "Alert Co", ownerEmails = new[] { owner }, edition = "Enterprise" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var (account, key) = (created.GetProperty("id").GetString()!, created.GetProperty("apiKey").GetString()!);
        using var client = app.CreateClientWith(key);
        var domain = $"alerts-{app.Prefix}.example";
        (await client.PostAsJsonAsync($"/api/accounts/{account}/zones", new { name = domain, kind = "Primary", dnssec = "NotSigned" })).EnsureSuccessStatusCode();

        faults.Arm();
        for (var attempt = 1; ; attempt++)
        {
            using var answer = await client.PostAsJsonAsync($"/api/accounts/{account}/domains", new { domain });
            if (answer.IsSuccessStatusCode || answer.StatusCode == HttpStatusCode.Conflict)
            {
                break;
            }

            Assert.True(attempt < 3, $"write {faults.FailAt}: attempt {attempt} failed too: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            await faults.RecoverAsync();
        }

        foreach (var timer in new[] { "EvaluateAlerts", "SendOutbox" })
        {
            // A timer whose run failed runs again at its next occurrence.
            for (var run = 1; !(await TriggerPayloads.PostAsync(app.CreateClient(), timer, TriggerPayloads.Timer(pastDue: false))).IsSuccessStatusCode; run++)
            {
                Assert.True(run < 3, $"{timer} failed twice");
                await faults.RecoverAsync();
            }
        }

        var mails = await MailDev.MessagesToAsync(owner);
        var alerts = mails.Where(m => m.GetProperty("subject").GetString()!.Contains("New Domain", StringComparison.OrdinalIgnoreCase)).ToArray();
        var ids = alerts.Select(m => m.GetProperty("headers").GetProperty("message-id").GetString()).Distinct().Count();
        var state = (await StorageSnapshot.TakeComparableAsync(app.Prefix, faults.ConnectionString, new Dictionary<string, string> { [account] = "<account>", [owner] = "<owner>" }))
            .Append($"alert e-mails with distinct Message-Ids: {ids}")
            .Order(StringComparer.Ordinal)
            .ToArray();
        return (state, faults.Made);
    }
}
