using Dmarc.Core.Alerts;

namespace Dmarc.Functions.Tests.Alerts;

/// <summary>Sender DMARC rate from the rollup, against Azurite and MailDev: the subscribed sender entering the chosen band.</summary>
public sealed class SenderDmarcRateAlertTests
{
    [Fact]
    public async Task A_sender_entering_the_chosen_band_fires_once_not_again_while_it_stays_there_and_again_after_it_went_back()
    {
        await using var app = AlertsApp.Start();
        var (id, client, _) = await app.AccountAsync("Monitor");
        var domain = await RateAlerts.DomainAsync(app, id);
        var failing = AlertsApp.Address("failing");
        var passing = AlertsApp.Address("passing");
        await RateAlerts.SubscribeAsync(client, new { type = "SenderDmarcRate", email = failing, domain, sender = "service_amazon-ses", band = "Failing" });
        await RateAlerts.SubscribeAsync(client, new { type = "SenderDmarcRate", email = passing, sender = "service_amazon-ses", band = "Passing" });
        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.AmazonSes(domain, 100));
        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal); // Passing: the baseline

        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.AmazonSes(domain, 300, passing: false));
        Assert.Contains("alerts fired: 1", await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);

        var mail = Assert.Single(await AlertsApp.MailAsync(failing, AlertMessages.SenderDmarcRateSubject));
        Assert.Contains($"Amazon SES (service_amazon-ses) sending as {domain} entered the Failing band: 25.0 %", mail.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Before: Passing", mail.GetProperty("text").GetString(), StringComparison.Ordinal);

        // Again the same hour, and the next day (a new period) still Failing: nothing more; the Passing subscription never fired.
        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Contains(RateAlerts.NoneFired, await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);
        Assert.Equal(1, await AlertsApp.CountAsync(failing, AlertMessages.SenderDmarcRateSubject));
        Assert.Equal(0, await AlertsApp.CountAsync(passing, AlertMessages.SenderDmarcRateSubject));

        // Back to Passing (10,100 of 10,400 pass: 97.1 %): the Passing subscription fires, the Failing one does not.
        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.AmazonSes(domain, 10_000));
        Assert.Contains("alerts fired: 1", await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);
        Assert.Equal(1, await AlertsApp.CountAsync(passing, AlertMessages.SenderDmarcRateSubject));

        // Failing once more, a day later (10,100 of 40,400: 25.0 %): a new change, so the Failing subscription fires a second time.
        app.Clock.Advance(TimeSpan.FromDays(1));
        await RateAlerts.ReportAsync(app, domain, "none", RateAlerts.AmazonSes(domain, 30_000, passing: false));
        Assert.Contains("alerts fired: 1", await app.TimerAsync("EvaluateAlerts"), StringComparison.Ordinal);
        Assert.Equal(2, await AlertsApp.CountAsync(failing, AlertMessages.SenderDmarcRateSubject));
        Assert.Equal(1, await AlertsApp.CountAsync(passing, AlertMessages.SenderDmarcRateSubject));
    }
}
