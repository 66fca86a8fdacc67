using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;
using Dmarc.Functions.Tests.Monitoring;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using DnsClient;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dmarc.Functions.Tests.Enforcement;

/// <summary>
/// The app with one DNS provider and a clock the test moves, an account with one monitored zone
/// whose DMARC record is at p=none, and helpers to write the rollup the readiness reads.
/// </summary>
internal sealed class EnforcementApp : IAsyncDisposable
{
    public const string Sender = "service_sendgrid";

    private EnforcementApp(MonitoringApp app, FakeTimeProvider clock, string zone)
    {
        App = app;
        Clock = clock;
        Zone = zone;
    }

    public MonitoringApp App { get; }

    public FakeTimeProvider Clock { get; }

    public string Zone { get; }

    public HttpClient Client => App.Client;

    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public static async Task<EnforcementApp> StartAsync(DnsProviderKind kind, string record, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero));
        var app = await MonitoringApp.StartAsync(kind, runner: false, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            services?.Invoke(s);
        }, settings: settings);
        var zone = app.Domain("enforce");
        await app.CreateZoneAsync(zone);
        await app.PutAsync(zone, "_dmarc", "TXT", record);
        await app.Factory.Services.GetRequiredService<IMonitoredDomains>().UpsertAsync(new MonitoredDomain(zone, app.AccountId, null, clock.GetUtcNow()));
        return new EnforcementApp(app, clock, zone);
    }

    /// <summary>Stores the day's summary: the approved sender with its passes, and one unidentified message.</summary>
    public Task DayAsync(DateOnly day, long messages, long passed) => DayAsync(App, Zone, day, messages, passed);

    /// <summary>Passing days for the approved sender from <paramref name="from"/> to <paramref name="to"/>, and its approval.</summary>
    public Task PassingAsync(DateOnly from, DateOnly to) => PassingAsync(App, Zone, from, to);

    public static Task DayAsync(MonitoringApp app, string domain, DateOnly day, long messages, long passed) =>
        app.Factory.Services.GetRequiredService<IRollupStore>().PutDayAsync(new DailySummary(domain, day,
            [
                new SenderDay(Sender, SenderClass.Service, "SendGrid", new RollupCounts(messages, passed, passed, passed, messages, 0, 0), []),
                new SenderDay(SenderClassification.UnidentifiedId, SenderClass.Unidentified, "Unidentified", new RollupCounts(1, 0, 0, 0, 1, 0, 0), []),
            ],
            DateTimeOffset.UnixEpoch));

    public static async Task PassingAsync(MonitoringApp app, string domain, DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            await DayAsync(app, domain, day, 300, 300);
        }

        await app.Factory.Services.GetRequiredService<ISenderDecisions>().PutAsync(new SenderDecisionRecord(domain, Sender, SenderDecision.Approved, app.Owner, DateTimeOffset.UnixEpoch));
    }

    public async Task<JsonElement> GetAsync() => await Client.GetFromJsonAsync<JsonElement>($"/api/domains/{Zone}/enforcement");

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path)
    {
        var response = await Client.PostAsync(new Uri($"/api/domains/{Zone}/{path}", UriKind.Relative), null);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task<string> DailyRunAsync()
    {
        var response = await TriggerPayloads.PostAsync(App.Factory.CreateClient(), "AdvanceEnforcement", TriggerPayloads.Timer(pastDue: false));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The DMARC record as the provider holds it and, for PowerDNS, as a real DNS query answers (they must agree).</summary>
    public async Task<string?> PublishedAsync()
    {
        var held = await App.DmarcValueAsync(Zone);
        if (App.Kind == DnsProviderKind.PowerDns)
        {
            var answer = await PowerDns.Resolver().QueryAsync("_dmarc." + Zone, QueryType.TXT);
            Assert.Equal(held, string.Concat(Assert.Single(answer.Answers.TxtRecords()).Text));
        }

        return held;
    }

    public async Task<JsonElement[]> AuditAsync() =>
        [.. (await Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{App.AccountId}/audit") ?? []).Where(a => a.GetProperty("zone").GetString() == Zone && a.GetProperty("taskId").GetString() == "enforcement")];

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
