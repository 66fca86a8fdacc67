using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Core.Dns;
using Dmarc.Functions.CreateAccount;
using Dmarc.Functions.LocalRunner;
using Dmarc.Tests.Shared;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Monitoring;

/// <summary>
/// The whole app with its local trigger runner (so zone work goes through the real queue), one
/// DNS adapter for customers' zones and the reporting zone, and an account whose owner has a
/// mailbox of its own in MailDev.
/// </summary>
public sealed class MonitoringApp : IAsyncDisposable
{
    private readonly List<string> _pdnsZones = [];

    private MonitoringApp(DmarcAppFactory factory, DnsProviderKind kind, string reportingDomain)
    {
        Factory = factory;
        Kind = kind;
        ReportingDomain = reportingDomain;
    }

    public DmarcAppFactory Factory { get; }

    public DnsProviderKind Kind { get; }

    public string ReportingDomain { get; }

    public string AccountId { get; private set; } = "";

    public string Owner { get; } = $"owner-{Guid.NewGuid():N}@contoso.example";

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Tasks a test started through <see cref="StartAsync(string, object?)"/>'s callers, in order.</summary>
    public List<string> TaskIds { get; } = [];

    public IDnsProvider Dns => Factory.Services.GetRequiredService<IDnsProvider>();

    /// <param name="runner">False keeps queued work unprocessed (tasks stay running).</param>
    /// <param name="reportingDomain">The reporting zone; by default one of the test's own, "{prefix}-reports.example".</param>
    /// <param name="settings">More configuration, over the defaults.</param>
    public static async Task<MonitoringApp> StartAsync(DnsProviderKind kind, bool runner = true, Action<IServiceCollection>? services = null, string? reportingDomain = null, Dictionary<string, string?>? settings = null)
    {
        var prefix = Azurite.NewPrefix();
        reportingDomain ??= $"{prefix}-reports.example";
        var configuration = new Dictionary<string, string?>
        {
            ["Dns:Provider"] = kind.ToString(),
            ["Dns:ReportingProvider"] = kind.ToString(),
            ["Monitoring:ReportingDomain"] = reportingDomain,
            ["LocalRunner:Enabled"] = runner.ToString(),
            ["LocalRunner:PollInterval"] = "00:00:00.100",
        };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        var factory = new DmarcAppFactory(
            configuration,
            s =>
            {
                s.AddHttpClient(FunctionInvoker.ClientName)
                    .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
                services?.Invoke(s);
            });
        var app = new MonitoringApp(factory, kind, reportingDomain);
        if (kind == DnsProviderKind.PowerDns)
        {
            await app.Dns.CreateZoneAsync("service", new DnsZone(reportingDomain, ZoneKind.Primary, DnssecState.NotSigned));
            app._pdnsZones.Add(reportingDomain);
        }

        var created = await factory.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name = "Contoso", ownerEmails = new[] { app.Owner }, edition = "Monitor" });
        var account = await created.Content.ReadFromJsonAsync<CreatedAccountResponse>();
        app.AccountId = account!.Id;
        app.Client = factory.CreateClientWith(account.ApiKey);
        return app;
    }

    public string Domain(string label) => $"{label}-{Factory.Prefix}.example";

    /// <summary>A second account with an owner key of its own.</summary>
    public async Task<(string Id, HttpClient Client)> OtherAccountAsync()
    {
        var created = await Factory.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name = "Fabrikam", ownerEmails = new[] { $"other-{Guid.NewGuid():N}@fabrikam.example" }, edition = "Monitor" });
        var account = await created.Content.ReadFromJsonAsync<CreatedAccountResponse>();
        return (account!.Id, Factory.CreateClientWith(account.ApiKey));
    }

    /// <summary>Deletes the PowerDNS zone at the end, should a test's request have created it.</summary>
    public void Track(string zone) => _pdnsZones.Add(zone);

    public async Task CreateZoneAsync(string zone, ZoneKind kind = ZoneKind.Primary, DnssecState dnssec = DnssecState.NotSigned)
    {
        if (Kind == DnsProviderKind.PowerDns)
        {
            _pdnsZones.Add(zone);
            if (dnssec == DnssecState.Presigned)
            {
                await PowerDns.CreatePresignedZoneAsync(Dns, AccountId, zone);
                return;
            }
        }

        var response = await Client.PostAsJsonAsync($"/api/accounts/{AccountId}/zones", new { name = zone, kind = kind.ToString(), dnssec = dnssec.ToString() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task PutAsync(string zone, string label, string type, params string[] values)
    {
        var response = await Client.PutAsJsonAsync($"/api/accounts/{AccountId}/zones/{zone}/records/{label}/{type}", new { ttl = 300, values });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<string?> DmarcValueAsync(string zone) =>
        Core.Monitoring.ZonePlanner.DmarcValue(await Dns.GetRecordSetsAsync(zone, "_dmarc." + zone));

    public async Task<bool> IsAuthorizedAsync(string zone) =>
        (await Dns.GetRecordSetsAsync(ReportingDomain, $"{zone}._report._dmarc.{ReportingDomain}")).Any(s => s.Values.Contains("v=DMARC1"));

    public async Task<string> StartAsync(string path, object? body = null)
    {
        var response = body is null ? await Client.PostAsync(new Uri(path, UriKind.Relative), null) : await Client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(response.Headers.Location!.OriginalString, accepted.GetProperty("statusUrl").GetString());
        return accepted.GetProperty("taskId").GetString()!;
    }

    public async Task<JsonElement> TaskAsync(string taskId) => await Client.GetFromJsonAsync<JsonElement>($"/api/tasks/{taskId}");

    public Task<JsonElement> CompletedAsync(string taskId) =>
        Eventually.GetAsync(() => TaskAsync(taskId), t => t.GetProperty("status").GetString() == "Completed", TimeSpan.FromSeconds(120), $"task {taskId} to complete");

    /// <summary>The messages other than alerts (registering domains raises the Domain added alert too).</summary>
    public static IReadOnlyList<JsonElement> NotAlerts(IReadOnlyList<JsonElement> messages) =>
        [.. messages.Where(m => m.GetProperty("subject").GetString()?.StartsWith("Alert:", StringComparison.Ordinal) != true)];

    public static Dictionary<string, JsonElement> Zones(JsonElement task) =>
        task.GetProperty("zones").EnumerateArray().ToDictionary(z => z.GetProperty("zone").GetString()!, z => z);

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        foreach (var zone in _pdnsZones)
        {
            await PowerDns.DeleteZoneAsync(zone);
        }
    }
}
