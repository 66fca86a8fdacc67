using Dmarc.Core.Alerts;

namespace Dmarc.Functions.Tests.Alerts;

/// <summary>New services detected from the rollup, against Azurite and MailDev: a service in the window that the previous evaluation did not see.</summary>
public sealed class NewServicesAlertTests
{
    [Fact]
    public async Task A_service_that_was_not_in_the_previous_window_fires_once_and_not_again_without_another()
    {
        await using var app = AlertsApp.Start();
        var (id, client, _) = await app.AccountAsync("Enterprise");
        var domain = await RateAlerts.DomainAsync(app, id);
        var email = AlertsApp.Address("services");
        var subject = AlertMessages.NewServicesSubject(domain);
        await RateAlerts.SubscribeAsync(client, new { type = "NewServices", email, domain });
        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.AmazonSes(domain, 50));
        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal); // Amazon SES: the baseline

        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.Microsoft365(domain, 40), RateAlerts.AmazonSes(domain, 10));
        Assert.Contains("alerts fired: 1", await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);

        var mail = Assert.Single(await AlertsApp.MailAsync(email, subject));
        Assert.Contains($"New email services send as {domain}: Microsoft 365 (service_microsoft-365, 40 messages).", mail.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Before: service_amazon-ses", mail.GetProperty("text").GetString(), StringComparison.Ordinal);

        // Again the same hour, and the next day with more mail from the same services: nothing more.
        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.Microsoft365(domain, 5));
        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);
        Assert.Equal(1, await AlertsApp.CountAsync(email, subject));
    }
}
