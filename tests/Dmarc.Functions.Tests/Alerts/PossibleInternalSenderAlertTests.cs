using Dmarc.Core.Alerts;

namespace Dmarc.Functions.Tests.Alerts;

/// <summary>Possible internal sender (smart, to the owners) from the rollup's per-IP unidentified volumes, against Azurite and MailDev.</summary>
public sealed class PossibleInternalSenderAlertTests
{
    [Fact]
    public async Task An_unidentified_ip_going_above_ten_percent_of_the_unidentified_volume_fires_once_to_the_owners()
    {
        await using var app = AlertsApp.Start();
        var (id, client, owner) = await app.AccountAsync("Premium");
        var domain = await RateAlerts.DomainAsync(app, id);
        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.AmazonSes(domain, 50), RateAlerts.Unidentified(domain, "198.51.100.7", 100));
        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal); // 198.51.100.7 at 100 %: the baseline

        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.Unidentified(domain, "198.51.100.8", 30), RateAlerts.Unidentified(domain, "198.51.100.9", 5));
        Assert.Contains("alerts fired: 1", await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);

        var mail = Assert.Single(await AlertsApp.MailAsync(owner, AlertMessages.PossibleInternalSenderSubject));
        Assert.Contains($"The unidentified IP 198.51.100.8 sent 22.2 % of the unidentified mail as {domain} in the last 30 days (30 of 135 messages)", mail.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("198.51.100.9", mail.GetProperty("text").GetString(), StringComparison.Ordinal);

        // Again the same hour, and the next day with both IPs still above: nothing more.
        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);
        Assert.Equal(1, await AlertsApp.CountAsync(owner, AlertMessages.PossibleInternalSenderSubject));
        Assert.Single(await AlertsApp.AlertNotificationsAsync(client, id, except: AlertMessages.NewDomainSubject));
    }

    [Fact]
    public async Task A_monitor_account_gets_no_possible_internal_sender_alert()
    {
        await using var app = AlertsApp.Start();
        var (id, _, owner) = await app.AccountAsync("Monitor");
        var domain = await RateAlerts.DomainAsync(app, id);
        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.Unidentified(domain, "198.51.100.7", 100));
        await app.TimerAsync("EvaluateAlerts");

        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.Unidentified(domain, "198.51.100.8", 100));

        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);
        Assert.Equal(0, await AlertsApp.CountAsync(owner, AlertMessages.PossibleInternalSenderSubject));
    }
}
