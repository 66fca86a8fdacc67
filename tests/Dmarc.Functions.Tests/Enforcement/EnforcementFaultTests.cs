using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Dmarc.Functions.Tests.Enforcement;

/// <summary>
/// A storage write failing at each point of a daily enforcement step in turn (the decided write,
/// the hosted DMARC record, the audit entry, the plan's progress, the announcement's outbox,
/// notification and marker): the timer runs again, as it does the next day, and the end state is
/// the undisturbed run's, with one e-mail.
/// </summary>
public sealed class EnforcementFaultTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_write_failing_at_any_point_of_a_step_is_finished_by_the_next_run_as_an_undisturbed_step()
    {
        var writes = await FailingWrites.AssertEachFailureEndsAsUndisturbedAsync(StepAsync);

        output.WriteLine($"{writes} writes; each failed once in its own run, and each run ended as the undisturbed one");
    }

    private static async Task<(IReadOnlyList<string> State, int Writes)> StepAsync(FailingWrites faults)
    {
        await using var app = new DmarcAppFactory(new() { ["Storage:ConnectionString"] = faults.ConnectionString }, s =>
        {
            faults.Register(s);
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        });
        var owner = $"owner-{Guid.NewGuid():N}@enforce.example";
        var created = await (await app.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name = "Enforce Co", ownerEmails = new[] { owner }, edition = "Monitor" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var (account, key) = (created.GetProperty("id").GetString()!, created.GetProperty("apiKey").GetString()!);
        using var client = app.CreateClientWith(key);
        var domain = $"enforce-{app.Prefix}.example";
        (await client.PostAsJsonAsync($"/api/accounts/{account}/zones", new { name = domain, kind = "Primary", dnssec = "NotSigned" })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"/api/accounts/{account}/zones/{domain}/records/_dmarc/TXT", new { ttl = 300, values = new[] { "v=DMARC1; p=none; rua=mailto:agg@reports.example" } })).EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<IMonitoredDomains>().UpsertAsync(new MonitoredDomain(domain, account, null, Now));
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        for (var day = today.AddDays(-14); day < today; day = day.AddDays(1))
        {
            await app.Services.GetRequiredService<IRollupStore>().PutDayAsync(new DailySummary(domain, day,
                [new SenderDay(EnforcementApp.Sender, SenderClass.Service, "SendGrid", new RollupCounts(300, 300, 300, 300, 300, 0, 0), [])], Now));
        }

        await app.Services.GetRequiredService<ISenderDecisions>().PutAsync(new SenderDecisionRecord(domain, EnforcementApp.Sender, SenderDecision.Approved, owner, Now));
        (await client.PostAsync(new Uri($"/api/domains/{domain}/enforcement", UriKind.Relative), null)).EnsureSuccessStatusCode();

        faults.Arm();
        foreach (var timer in new[] { "AdvanceEnforcement", "SendOutbox" })
        {
            // A timer whose run failed runs again at its next occurrence.
            for (var run = 1; !(await TriggerPayloads.PostAsync(app.CreateClient(), timer, TriggerPayloads.Timer(pastDue: false))).IsSuccessStatusCode; run++)
            {
                Assert.True(run < 3, $"{timer} failed twice");
            }
        }

        var mails = (await MailDev.MessagesToAsync(owner)).Select(m => m.GetProperty("headers").GetProperty("message-id").GetString()).Distinct().Count();
        var state = (await StorageSnapshot.TakeComparableAsync(app.Prefix, faults.ConnectionString, new Dictionary<string, string> { [account] = "<account>", [owner] = "<owner>" }))
            .Append($"alert e-mails with distinct Message-Ids: {mails}")
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(state.Any(l => l.Contains("pct=10; t=y", StringComparison.Ordinal)), string.Join("\n", state.Where(l => l.Contains("hosted", StringComparison.Ordinal) || l.Contains("enforcement", StringComparison.Ordinal))));
        return (state, faults.Made);
    }
}
