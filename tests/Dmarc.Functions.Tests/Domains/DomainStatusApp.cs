using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Functions.Tests.Monitoring;
using Dmarc.Tests.Shared;
using DnsClient;

namespace Dmarc.Functions.Tests.Domains;

/// <summary>The app on the local PowerDNS, with helpers that publish _dmarc set-ups in real zones and read the listing.</summary>
internal static class DomainStatusApp
{
    public const string OurRua = "mailto:" + DmarcAppFactory.ReportingMailbox;

    public static Task<MonitoringApp> StartAsync() => MonitoringApp.StartAsync(DnsProviderKind.PowerDns, runner: false);

    /// <summary>A zone of the account, registered as its domain, with the given record sets at _dmarc (PowerDNS contents).</summary>
    public static async Task<string> DomainAsync(this MonitoringApp app, string label, params (string Type, string[] Contents)[] dmarc)
    {
        var zone = app.Domain(label);
        await app.CreateZoneAsync(zone);
        app.Track("_dmarc." + zone);
        foreach (var (type, contents) in dmarc)
        {
            await PowerDns.PutRrsetAsync(zone, "_dmarc." + zone, type, contents);
        }

        var added = await app.Client.PostAsJsonAsync($"/api/accounts/{app.AccountId}/domains", new { domain = zone });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        return zone;
    }

    public static (string, string[]) DelegatedToUs() => ("NS", [.. DmarcAppFactory.ServiceNameServers.Select(n => n + ".")]);

    public static (string, string[]) Txt(string record) => ("TXT", ['"' + record + '"']);

    public static async Task<Dictionary<string, JsonElement>> ListAsync(this MonitoringApp app, HttpClient? client = null)
    {
        var list = await (client ?? app.Client).GetFromJsonAsync<JsonElement[]>("/api/domains");
        return list!.ToDictionary(d => d.GetProperty("domain").GetString()!);
    }

    public static Task<HttpResponseMessage> SetModeAsync(this MonitoringApp app, string domain, string mode, bool force = false, HttpClient? client = null) =>
        (client ?? app.Client).PutAsJsonAsync($"/api/domains/{domain}/mode", new { mode, force });

    /// <summary>The TXT values real DNS (the local PowerDNS) answers for _dmarc.&lt;domain&gt;.</summary>
    public static async Task<string[]> ServedTxtAsync(string domain) =>
        [.. (await PowerDns.Resolver().QueryAsync("_dmarc." + domain, QueryType.TXT)).Answers.TxtRecords().Select(r => string.Concat(r.Text))];

    public static (string? Status, string? Policy, bool Enforcement, string? Reporting) Summary(JsonElement domain) =>
        (domain.GetProperty("status").GetString(),
         domain.GetProperty("policy").ValueKind == JsonValueKind.Null ? null : domain.GetProperty("policy").GetString(),
         domain.GetProperty("atEnforcement").GetBoolean(),
         domain.GetProperty("reporting").GetProperty("state").GetString());
}
