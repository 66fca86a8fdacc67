using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Core.Alerts;
using Dmarc.Functions.Tests.Domains;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Enforcement;

/// <summary>
/// A staged plan from p=none to p=reject with the clock moved day by day, on each DNS provider:
/// every step is written, read back through DNS, audited and announced; a failing approved sender
/// steps it back.
/// </summary>
public abstract class EnforcementPlanTests(DnsProviderKind kind)
{
    private const string Record = "v=DMARC1; p=none; rua=mailto:agg@reports.example,mailto:own@contoso.example; fo=1";

    private static readonly string[] Steps =
    [
        "v=DMARC1; p=quarantine; rua=mailto:agg@reports.example,mailto:own@contoso.example; fo=1; pct=10; t=y",
        "v=DMARC1; p=quarantine; rua=mailto:agg@reports.example,mailto:own@contoso.example; fo=1; pct=25; t=y",
        "v=DMARC1; p=quarantine; rua=mailto:agg@reports.example,mailto:own@contoso.example; fo=1; pct=50; t=y",
        "v=DMARC1; p=quarantine; rua=mailto:agg@reports.example,mailto:own@contoso.example; fo=1",
        "v=DMARC1; p=reject; rua=mailto:agg@reports.example,mailto:own@contoso.example; fo=1",
    ];

    private static readonly Dictionary<string, string?> TwoDayDwell = new() { ["Enforcement:DwellDays"] = "2" };

    [Fact]
    public async Task A_plan_walks_to_reject_step_by_step_and_steps_back_when_an_approved_sender_fails()
    {
        await using var app = await EnforcementApp.StartAsync(kind, Record, TwoDayDwell);
        await app.PassingAsync(app.Today.AddDays(-14), app.Today.AddDays(30));

        var view = await app.GetAsync();
        Assert.True(view.GetProperty("readiness").GetProperty("quarantine").GetProperty("ready").GetBoolean(), view.ToString());
        Assert.True(view.GetProperty("readiness").GetProperty("reject").GetProperty("ready").GetBoolean());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("plan").ValueKind);
        Assert.Equal(Steps, view.GetProperty("schedule").EnumerateArray().Select(s => s.GetProperty("record").GetString()));

        var (dryStatus, dry) = await app.PostAsync("enforcement?dryRun=true");
        Assert.Equal(HttpStatusCode.OK, dryStatus);
        Assert.Equal(Steps, dry.GetProperty("schedule").EnumerateArray().Select(s => s.GetProperty("record").GetString()));
        Assert.Equal(
            Enumerable.Range(0, 5).Select(i => app.Today.AddDays(2 * i).ToString("yyyy-MM-dd")),
            dry.GetProperty("schedule").EnumerateArray().Select(s => s.GetProperty("earliest").GetString()));
        Assert.Equal(JsonValueKind.Null, (await app.GetAsync()).GetProperty("plan").ValueKind);
        Assert.Equal(Record, await app.PublishedAsync());

        var (status, started) = await app.PostAsync("enforcement");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Running", started.GetProperty("plan").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await app.PostAsync("enforcement")).Status);
        Assert.Equal(Record, await app.PublishedAsync());

        for (var step = 0; step < Steps.Length; step++)
        {
            Assert.Contains("1 advanced", await app.DailyRunAsync(), StringComparison.Ordinal);
            Assert.Equal(Steps[step], await app.PublishedAsync());
            // The dwell time holds the next step back: a second run the same day and the next day write nothing.
            Assert.Contains("0 advanced", await app.DailyRunAsync(), StringComparison.Ordinal);
            app.Clock.Advance(TimeSpan.FromDays(1));
            Assert.Contains("0 advanced", await app.DailyRunAsync(), StringComparison.Ordinal);
            Assert.Equal(Steps[step], await app.PublishedAsync());
            app.Clock.Advance(TimeSpan.FromDays(1));
        }

        var enforced = (await app.GetAsync()).GetProperty("plan");
        Assert.Equal(("Enforced", 4), (enforced.GetProperty("status").GetString(), enforced.GetProperty("step").GetInt32()));

        // The approved sender fails on the last three days: the next run returns to full quarantine and waits.
        for (var day = app.Today.AddDays(-3); day < app.Today; day = day.AddDays(1))
        {
            await app.DayAsync(day, 300, 150);
        }

        Assert.Contains("1 stepped back", await app.DailyRunAsync(), StringComparison.Ordinal);
        Assert.Equal(Steps[3], await app.PublishedAsync());
        var waiting = (await app.GetAsync()).GetProperty("plan");
        Assert.Equal(("Waiting", 3), (waiting.GetProperty("status").GetString(), waiting.GetProperty("step").GetInt32()));
        Assert.Contains("SendGrid (service_sendgrid) passed DMARC for 450 of 900 messages (50.0 %)", waiting.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Contains("0 advanced, 0 stepped back", await app.DailyRunAsync(), StringComparison.Ordinal);
        Assert.Equal(Steps[3], await app.PublishedAsync());

        // Six writes, each audited once with the record before and after, and each announced to the owner.
        var audit = await app.AuditAsync();
        Assert.Equal(
            [(Record, Steps[0]), (Steps[0], Steps[1]), (Steps[1], Steps[2]), (Steps[2], Steps[3]), (Steps[3], Steps[4]), (Steps[4], Steps[3])],
            audit.Reverse().Select(a => (a.GetProperty("before").GetString(), a.GetProperty("after").GetString())));
        var mail = await Eventually.GetAsync(
            async () => (IReadOnlyList<JsonElement>)[.. (await MailDev.MessagesToAsync(app.App.Owner)).Where(m => m.GetProperty("subject").GetString() == AlertMessages.DmarcRecordSubject)],
            m => m.Count >= 6, what: "six policy update alerts");
        Assert.Equal(6, mail.Count);
        Assert.Contains(mail, m => m.GetProperty("text").GetString()!.Contains("stepped back to p=quarantine", StringComparison.Ordinal)
            && m.GetProperty("text").GetString()!.Contains("450 of 900 messages", StringComparison.Ordinal));

        var (resumed, body) = await app.PostAsync("enforcement:resume");
        Assert.Equal(HttpStatusCode.OK, resumed);
        Assert.Equal("Running", body.GetProperty("plan").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_domain_that_is_not_ready_is_not_advanced_and_a_paused_plan_writes_nothing()
    {
        await using var app = await EnforcementApp.StartAsync(kind, Record);
        await app.PassingAsync(app.Today.AddDays(-3), app.Today.AddDays(-1));

        var view = await app.GetAsync();
        var reasons = view.GetProperty("readiness").GetProperty("quarantine").GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()!).ToArray();
        Assert.Equal(["TooFewDays", "TooFewMessages"], reasons);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync("enforcement")).Status);

        Assert.Contains("0 advanced", await app.DailyRunAsync(), StringComparison.Ordinal);
        Assert.Equal(Record, await app.PublishedAsync());

        await app.PassingAsync(app.Today.AddDays(-14), app.Today.AddDays(-1));
        var (paused, _) = await app.PostAsync("enforcement:pause");
        Assert.Equal(HttpStatusCode.OK, paused);
        Assert.Contains("0 advanced", await app.DailyRunAsync(), StringComparison.Ordinal);
        Assert.Equal(Record, await app.PublishedAsync());

        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync("enforcement:resume")).Status);
        Assert.Contains("1 advanced", await app.DailyRunAsync(), StringComparison.Ordinal);
        Assert.Equal(Steps[0], await app.PublishedAsync());

        // A record changed outside the plan pauses it, and nothing is written over the change.
        await app.App.PutAsync(app.Zone, "_dmarc", "TXT", "v=DMARC1; p=none; rua=mailto:agg@reports.example");
        app.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Contains("1 paused", await app.DailyRunAsync(), StringComparison.Ordinal);
        Assert.Equal("v=DMARC1; p=none; rua=mailto:agg@reports.example", await app.PublishedAsync());
        Assert.Contains("changed outside the plan", (await app.GetAsync()).GetProperty("plan").GetProperty("note").GetString(), StringComparison.Ordinal);

        var (cancelled, body) = await app.PostAsync("enforcement:cancel");
        Assert.Equal(HttpStatusCode.OK, cancelled);
        Assert.Equal("Cancelled", body.GetProperty("plan").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await app.PostAsync("enforcement:cancel")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.PostAsync("enforcement:explode")).Status);
    }
}

public sealed class HostedEnforcementPlanTests() : EnforcementPlanTests(DnsProviderKind.Hosted);

[Collection(PowerDnsTests.Name)]
public sealed class PowerDnsEnforcementPlanTests() : EnforcementPlanTests(DnsProviderKind.PowerDns)
{
    [Fact]
    public async Task An_active_domain_moves_through_the_record_the_service_serves_for_its_delegated_dmarc()
    {
        await using var app = await DomainStatusApp.StartAsync();
        var domain = await app.DomainAsync("delegated", DomainStatusApp.DelegatedToUs());
        Assert.Equal(HttpStatusCode.OK, (await app.SetModeAsync(domain, "Active")).StatusCode);
        var monitoring = "v=DMARC1; p=none; rua=" + DomainStatusApp.OurRua;
        Assert.Equal([monitoring], await DomainStatusApp.ServedTxtAsync(domain));
        await EnforcementApp.PassingAsync(app, domain, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-14), DateOnly.FromDateTime(DateTime.UtcNow));

        var started = await app.Client.PostAsync(new Uri($"/api/domains/{domain}/enforcement", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var response = await TriggerPayloads.PostAsync(app.Factory.CreateClient(), "AdvanceEnforcement", TriggerPayloads.Timer(pastDue: false));

        Assert.Contains("1 advanced", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["v=DMARC1; p=quarantine; rua=" + DomainStatusApp.OurRua + "; pct=10; t=y"], await DomainStatusApp.ServedTxtAsync(domain));
        var audit = await app.Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/audit") ?? [];
        Assert.Contains(audit, a => a.GetProperty("taskId").GetString() == "enforcement" && a.GetProperty("before").GetString() == monitoring);
    }
}
