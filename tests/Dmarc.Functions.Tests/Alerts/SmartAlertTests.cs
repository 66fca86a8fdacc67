using System.Net;
using System.Net.Http.Json;
using Dmarc.Adapters.Email;
using Dmarc.Core.Alerts;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Dmarc.Functions.Tests.Alerts;

/// <summary>The smart alerts (MFA, SSO, domain added and deleted) against Azurite and MailDev, read back from MailDev.</summary>
public sealed class SmartAlertTests
{
    [Fact]
    public async Task Account_mfa_and_sso_changes_mail_the_owners_once_and_the_same_settings_again_send_nothing()
    {
        await using var app = AlertsApp.Start();
        var (id, client, owner) = await app.AccountAsync("Monitor");

        var put = await client.PutAsJsonAsync($"/api/accounts/{id}/security", new { mfaRequired = true, ssoProvider = "Okta" });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var mfa = Assert.Single(await AlertsApp.MailAsync(owner, AlertMessages.MfaSubject));
        Assert.Contains("Before: MFA off", mfa.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("After: MFA on", mfa.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("What to do next", mfa.GetProperty("html").GetString(), StringComparison.Ordinal);
        var sso = Assert.Single(await AlertsApp.MailAsync(owner, AlertMessages.SsoSubject));
        Assert.Contains("After: Okta", sso.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await AlertsApp.AlertNotificationsAsync(client, id)).Length);

        // No change, no alert: the same settings again, then the hourly run.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/accounts/{id}/security", new { mfaRequired = true, ssoProvider = "Okta" })).StatusCode);
        await app.TimerAsync("EvaluateAlerts");
        Assert.Equal(2, (await AlertsApp.AlertNotificationsAsync(client, id)).Length);
        Assert.Equal(1, await AlertsApp.CountAsync(owner, AlertMessages.MfaSubject));
        Assert.Equal(1, await AlertsApp.CountAsync(owner, AlertMessages.SsoSubject));
    }

    [Fact]
    public async Task A_users_own_mfa_change_mails_that_user_and_the_owners_once()
    {
        await using var app = AlertsApp.Start();
        var (id, client, owner) = await app.AccountAsync("Premium");
        var member = AlertsApp.Address("member");
        (await client.PostAsJsonAsync($"/api/accounts/{id}/users", new { email = member, role = "Member" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/accounts/{id}/users/{member}/mfa", new { enabled = true })).StatusCode);

        var mail = Assert.Single(await AlertsApp.MailAsync(member, AlertMessages.MfaSubject));
        Assert.Contains($"MFA for {member} was turned on", mail.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Single(await AlertsApp.MailAsync(owner, AlertMessages.MfaSubject));

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/accounts/{id}/users/{member}/mfa", new { enabled = true })).StatusCode);
        Assert.Equal(2, (await AlertsApp.AlertNotificationsAsync(client, id)).Length);
        Assert.Equal(1, await AlertsApp.CountAsync(member, AlertMessages.MfaSubject));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/accounts/{id}/users/nobody@contoso.example/mfa", new { enabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsJsonAsync($"/api/accounts/{id}/security", new { ssoProvider = "Okta" })).StatusCode);
    }

    [Fact]
    public async Task Adding_and_removing_a_domain_mail_new_domain_and_deleted_domain_once_each()
    {
        await using var app = AlertsApp.Start();
        var (id, client, owner) = await app.AccountAsync("Monitor");
        var zone = AlertsApp.NewDomain();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/accounts/{id}/zones", new { name = zone })).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/accounts/{id}/domains", new { domain = zone })).StatusCode);

        var added = Assert.Single(await AlertsApp.MailAsync(owner, AlertMessages.NewDomainSubject));
        Assert.Contains($"Domain: {zone}", added.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("After: monitored", added.GetProperty("text").GetString(), StringComparison.Ordinal);

        // Adding it again changes nothing and raises nothing.
        await client.PostAsJsonAsync($"/api/accounts/{id}/domains", new { domain = zone });
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"/api/accounts/{id}/domains/{zone}", UriKind.Relative))).StatusCode);
        var deleted = Assert.Single(await AlertsApp.MailAsync(owner, AlertMessages.DeletedDomainSubject));
        Assert.Contains("After: not monitored", deleted.GetProperty("text").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(new Uri($"/api/accounts/{id}/domains/{zone}", UriKind.Relative))).StatusCode);
        await app.TimerAsync("EvaluateAlerts");
        Assert.Equal(2, (await AlertsApp.AlertNotificationsAsync(client, id)).Length);
        Assert.Equal(1, await AlertsApp.CountAsync(owner, AlertMessages.NewDomainSubject));
        Assert.Equal(1, await AlertsApp.CountAsync(owner, AlertMessages.DeletedDomainSubject));
    }

    [Fact]
    public async Task With_smtp_down_an_alert_waits_in_the_outbox_and_send_outbox_delivers_it_once()
    {
        var failed = 0;
        await using var app = AlertsApp.Start(s => s.AddSingleton<ISmtpTransport>(sp => new FlakySmtp(ActivatorUtilities.CreateInstance<SmtpTransport>(sp), () => Interlocked.Exchange(ref failed, 1) == 0)));
        var (id, client, owner) = await app.AccountAsync("Monitor");

        (await client.PutAsJsonAsync($"/api/accounts/{id}/security", new { mfaRequired = true })).EnsureSuccessStatusCode();

        // The send failed (the request has returned, so the attempt is over) and the alert is kept, not lost.
        Assert.Equal(1, failed);
        Assert.Single(await AlertsApp.AlertNotificationsAsync(client, id));
        Assert.Equal(0, await AlertsApp.CountAsync(owner, AlertMessages.MfaSubject));
        Assert.Contains("sent: 1", await app.TimerAsync("SendOutbox"), StringComparison.Ordinal);
        Assert.Single(await AlertsApp.MailAsync(owner, AlertMessages.MfaSubject));

        Assert.Contains("sent: 0", await app.TimerAsync("SendOutbox"), StringComparison.Ordinal);
        await app.TimerAsync("EvaluateAlerts");
        Assert.Equal(1, await AlertsApp.CountAsync(owner, AlertMessages.MfaSubject));
    }

    [Fact]
    public async Task A_pending_smart_alert_is_delivered_once_by_evaluations_run_twice_and_at_once()
    {
        await using var app = AlertsApp.Start();
        var (id, _, owner) = await app.AccountAsync("Enterprise");
        var alert = new AlertEvent(AlertType.SsoChange, id, null, null, "sso-crash", "Single sign-on was changed.", "none", "Okta", "Check it.", app.Clock.GetUtcNow());
        await app.Factory.Services.GetRequiredService<IPendingAlertEvents>().AddAsync("left-by-a-crash", alert);

        await Task.WhenAll(app.TimerAsync("EvaluateAlerts"), app.TimerAsync("EvaluateAlerts"));
        await app.TimerAsync("EvaluateAlerts");

        Assert.Single(await AlertsApp.MailAsync(owner, AlertMessages.SsoSubject));
        Assert.Empty(await app.Factory.Services.GetRequiredService<IPendingAlertEvents>().ListAsync());
    }

    [Fact]
    public async Task The_executive_report_hook_mails_each_subscription_of_its_cadence_once_per_report()
    {
        await using var app = AlertsApp.Start();
        var (id, client, _) = await app.AccountAsync("Enterprise");
        var reader = AlertsApp.Address("ceo");
        (await client.PostAsJsonAsync("/api/alerts", new { type = "ExecutiveReportReady", email = reader, cadence = "weekly" })).EnsureSuccessStatusCode();
        var hook = app.Factory.Services.GetRequiredService<ExecutiveReportAlerts>();
        var report = new ExecutiveReport(id, AlertCadence.Weekly, new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29), new Uri("https://portal.example/reports/executive/2026-W48"));

        await Task.WhenAll(hook.ReportReadyAsync(report), hook.ReportReadyAsync(report));
        Assert.Equal(0, await hook.ReportReadyAsync(report));
        Assert.Equal(0, await hook.ReportReadyAsync(report with { Cadence = AlertCadence.Monthly }));

        var mail = Assert.Single(await AlertsApp.MailAsync(reader, AlertMessages.ExecutiveReportSubject));
        Assert.Contains("2026-11-23 to 2026-11-29", mail.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("https://portal.example/reports/executive/2026-W48", mail.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    private sealed class FlakySmtp(ISmtpTransport inner, Func<bool> failNow) : ISmtpTransport
    {
        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default) =>
            message.Subject?.StartsWith("Alert:", StringComparison.Ordinal) == true && failNow() ? throw new IOException("Connection refused (injected).") : inner.SendAsync(message, cancellationToken);
    }
}
