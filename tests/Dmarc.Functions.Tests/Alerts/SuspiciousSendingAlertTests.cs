using Dmarc.Core.Alerts;

namespace Dmarc.Functions.Tests.Alerts;

/// <summary>Suspicious sending from the rollup, against Azurite and MailDev: the unidentified share crossing the subscription's percentage at p=none.</summary>
public sealed class SuspiciousSendingAlertTests
{
    [Fact]
    public async Task Unidentified_traffic_reaching_the_percentage_at_p_none_fires_once_and_not_again_without_a_change()
    {
        await using var app = AlertsApp.Start();
        var (id, client, _) = await app.AccountAsync("Monitor");
        var domain = await RateAlerts.DomainAsync(app, id);
        var email = AlertsApp.Address("suspicious");
        await RateAlerts.SubscribeAsync(client, new { type = "SuspiciousSending", email, domain, percentage = 50 });
        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.AmazonSes(domain, 80), RateAlerts.Unidentified(domain, "198.51.100.7", 20));
        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal); // 20 %: the baseline, below

        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.Unidentified(domain, "198.51.100.8", 100));
        Assert.Contains("alerts fired: 1", await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);

        var mail = Assert.Single(await AlertsApp.MailAsync(email, AlertMessages.SuspiciousSendingSubject));
        Assert.Contains("sent 60.0 % of the mail as " + domain, mail.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("(120 of 200 messages)", mail.GetProperty("html").GetString(), StringComparison.Ordinal);

        // Again the same hour, and the next day (a new period) with the share still above: nothing more.
        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);
        Assert.Equal(1, await AlertsApp.CountAsync(email, AlertMessages.SuspiciousSendingSubject));
    }

    [Fact]
    public async Task A_domain_at_enforcement_raises_nothing_however_much_is_unidentified()
    {
        await using var app = AlertsApp.Start();
        var (id, client, _) = await app.AccountAsync("Monitor");
        var domain = await RateAlerts.DomainAsync(app, id);
        var email = AlertsApp.Address("suspicious");
        await RateAlerts.SubscribeAsync(client, new { type = "SuspiciousSending", email, percentage = 10 });
        await RateAlerts.ReportAsync(app, domain, "reject", RateAlerts.AmazonSes(domain, 90), RateAlerts.Unidentified(domain, "198.51.100.7", 5));
        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);

        await RateAlerts.ReportAsync(app, domain, "reject", RateAlerts.Unidentified(domain, "198.51.100.8", 100));

        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);
        Assert.Equal(0, await AlertsApp.CountAsync(email, AlertMessages.SuspiciousSendingSubject));
    }
}
