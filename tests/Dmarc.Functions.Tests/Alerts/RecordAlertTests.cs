using System.Net.Http.Json;
using Dmarc.Core.Alerts;
using Dmarc.Core.Monitoring;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Alerts;

/// <summary>The record alerts against PowerDNS (read through DnsClient), Azurite and MailDev, with the clock moved across days.</summary>
public sealed class RecordAlertTests
{
    private const string Reject = "v=DMARC1; p=reject; rua=mailto:reports@rua.dmarc-monitor.example";
    private const string None = "v=DMARC1; p=none; rua=mailto:reports@rua.dmarc-monitor.example";

    [Fact]
    public async Task A_dmarc_and_spf_change_between_days_fires_once_each_even_when_two_checks_run_at_once()
    {
        await using var app = AlertsApp.Start();
        await using var dns = new SenderDnsZones();
        var (id, client, _) = await app.AccountAsync("Enterprise");
        var domain = await DomainAsync(app, id, dns, None, "v=spf1 include:_spf.google.com -all");
        var records = AlertsApp.Address("dns");
        var policy = AlertsApp.Address("policy");
        (await client.PostAsJsonAsync("/api/alerts", new { type = "RecordConfigurationChange", email = records })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/alerts", new { type = "DmarcPolicyUpdate", email = policy, domain })).EnsureSuccessStatusCode();
        Assert.Contains("fired: 0", await app.TimerAsync("CheckAlertRecords"), StringComparison.Ordinal);

        await Zone(dns, domain, Reject, "v=spf1 include:_spf.google.com include:sendgrid.net -all");
        app.Clock.Advance(TimeSpan.FromDays(1));
        await Task.WhenAll(app.TimerAsync("CheckAlertRecords"), app.TimerAsync("CheckAlertRecords"));

        var dmarc = Assert.Single(await AlertsApp.MailAsync(records, AlertMessages.DmarcRecordSubject));
        Assert.Contains($"Before: {None}", dmarc.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains($"After: {Reject}", dmarc.GetProperty("text").GetString(), StringComparison.Ordinal);
        var spf = Assert.Single(await AlertsApp.MailAsync(records, AlertMessages.SpfRecordSubject));
        Assert.Contains("include:sendgrid.net", spf.GetProperty("html").GetString(), StringComparison.Ordinal);
        var update = Assert.Single(await AlertsApp.MailAsync(policy, AlertMessages.DmarcRecordSubject));
        Assert.Contains("changed from p=none to p=reject", update.GetProperty("text").GetString(), StringComparison.Ordinal);

        // Again the same day, and the next day without a change: nothing more.
        Assert.Contains("fired: 0", await app.TimerAsync("CheckAlertRecords"), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Contains("fired: 0", await app.TimerAsync("CheckAlertRecords"), StringComparison.Ordinal);
        Assert.Equal(3, (await AlertsApp.AlertNotificationsAsync(client, id, except: AlertMessages.NewDomainSubject)).Length);
        Assert.Equal(1, await AlertsApp.CountAsync(records, AlertMessages.DmarcRecordSubject));
        Assert.Equal(1, await AlertsApp.CountAsync(policy, AlertMessages.DmarcRecordSubject));
    }

    [Fact]
    public async Task A_record_problem_fires_the_policy_update_and_a_record_that_changed_back_within_the_day_raises_nothing()
    {
        await using var app = AlertsApp.Start();
        await using var dns = new SenderDnsZones();
        var (id, client, _) = await app.AccountAsync("Enterprise");
        var domain = await DomainAsync(app, id, dns, Reject, "v=spf1 -all");
        var policy = AlertsApp.Address("policy");
        (await client.PostAsJsonAsync("/api/alerts", new { type = "DmarcPolicyUpdate", email = policy })).EnsureSuccessStatusCode();
        await app.TimerAsync("CheckAlertRecords");

        // Changed and restored between two daily reads: the days' last states are equal.
        await Zone(dns, domain, None, "v=spf1 -all");
        await Zone(dns, domain, Reject, "v=spf1 -all");
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Contains("fired: 0", await app.TimerAsync("CheckAlertRecords"), StringComparison.Ordinal);

        await Zone(dns, domain, "v=DMARC1; p=rejected", "v=spf1 -all");
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Contains("fired: 1", await app.TimerAsync("CheckAlertRecords"), StringComparison.Ordinal);

        var mail = Assert.Single(await AlertsApp.MailAsync(policy, AlertMessages.DmarcRecordSubject));
        Assert.Contains("has a problem: the DMARC record is invalid", mail.GetProperty("text").GetString(), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Contains("fired: 0", await app.TimerAsync("CheckAlertRecords"), StringComparison.Ordinal);
        Assert.Single(await AlertsApp.AlertNotificationsAsync(client, id, except: AlertMessages.NewDomainSubject));
    }

    [Fact]
    public async Task An_edition_that_no_longer_has_the_type_stops_its_alerts()
    {
        await using var app = AlertsApp.Start();
        await using var dns = new SenderDnsZones();
        var (id, client, _) = await app.AccountAsync("Monitor");
        var domain = await DomainAsync(app, id, dns, None, "v=spf1 -all");
        var records = AlertsApp.Address("dns");

        // Subscribed while the account was Enterprise; it is Monitor now.
        await app.Factory.Services.GetRequiredService<IAlertSubscriptions>().AddAsync(
            new AlertSubscription("alert_downgraded", id, AlertType.RecordConfigurationChange, records, null, null, null, null, AlertCadence.Daily, app.Clock.GetUtcNow()));
        await app.TimerAsync("CheckAlertRecords");
        await Zone(dns, domain, Reject, "v=spf1 -all");
        app.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Contains("fired: 0", await app.TimerAsync("CheckAlertRecords"), StringComparison.Ordinal);
        Assert.Empty(await AlertsApp.AlertNotificationsAsync(client, id, except: AlertMessages.NewDomainSubject));
        Assert.Equal(0, await AlertsApp.CountAsync(records, AlertMessages.DmarcRecordSubject));
    }

    private static async Task<string> DomainAsync(AlertsApp app, string accountId, SenderDnsZones dns, string dmarc, string spf)
    {
        var domain = AlertsApp.NewDomain();
        await Zone(dns, domain, dmarc, spf);
        await app.Factory.Services.GetRequiredService<IMonitoredDomains>().UpsertAsync(new MonitoredDomain(domain, accountId, null, app.Clock.GetUtcNow()));
        return domain;
    }

    /// <summary>The domain's zone with exactly these records (made again from nothing).</summary>
    private static Task Zone(SenderDnsZones dns, string domain, string dmarc, string spf) =>
        dns.ZoneAsync(domain, ("_dmarc." + domain, "TXT", Quote(dmarc)), (domain, "TXT", Quote(spf)));

    private static string Quote(string value) => "\"" + value + "\"";
}
