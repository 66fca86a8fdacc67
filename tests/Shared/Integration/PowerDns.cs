using System.Net;
using Dmarc.Adapters.Dns;
using DnsClient;
using Microsoft.Extensions.Options;

namespace Dmarc.Tests.Shared;

/// <summary>The PowerDNS the test command starts: API on 127.0.0.1:8081, DNS on 127.0.0.1:5300.</summary>
internal static class PowerDns
{
    public static PowerDnsOptions Options => new()
    {
        ApiUrl = new Uri("http://127.0.0.1:8081/"),
        ApiKey = Environment.GetEnvironmentVariable("PowerDns__ApiKey") ?? "local-pdns-api-key",
        Nameservers = ["ns1.dns-host.example", "ns2.dns-host.example"],
    };

    public static PowerDnsProvider CreateProvider() =>
        new(new HttpClient { BaseAddress = Options.ApiUrl }, Microsoft.Extensions.Options.Options.Create(Options));

    /// <summary>A provider that notes each request it sends as "METHOD path?query" (unescaped).</summary>
    public static PowerDnsProvider CreateProvider(ICollection<string> requests) =>
        new(new HttpClient(new NotingHandler(requests) { InnerHandler = new HttpClientHandler() }) { BaseAddress = Options.ApiUrl }, Microsoft.Extensions.Options.Options.Create(Options));

    private sealed class NotingHandler(ICollection<string> requests) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (requests)
            {
                requests.Add($"{request.Method.Method} {Uri.UnescapeDataString(request.RequestUri!.PathAndQuery)}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    public static LookupClient Resolver(int port = 5300) =>
        new(new LookupClientOptions(new NameServer(IPAddress.Loopback, port)) { UseCache = false, Recursion = false, Retries = 0 });

    /// <summary>The second PowerDNS the test command starts, a secondary of the first: API on 127.0.0.1:8082, DNS on 127.0.0.1:5301.</summary>
    public static Uri SecondaryApiUrl => new("http://127.0.0.1:8082/");

    public const int SecondaryDnsPort = 5301;

    /// <summary>An API client of the primary (or, asked, the secondary) with its key.</summary>
    public static HttpClient Api(Uri? baseAddress = null)
    {
        var http = new HttpClient { BaseAddress = baseAddress ?? Options.ApiUrl };
        http.DefaultRequestHeaders.Add("X-API-Key", Options.ApiKey);
        return http;
    }

    /// <summary>Runs pdnsutil against the primary's configuration, as the server's operator would.</summary>
    public static async Task PdnsUtilAsync(params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdnsutil", ["--config-dir=" + ConfigDir, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pdnsutil {string.Join(' ', arguments)} failed: {error}{await output}");
        }
    }

    /// <summary>The config folder of the test server (scripts/lib.sh starts it under .run/pdns).</summary>
    public static string ConfigDir =>
        Environment.GetEnvironmentVariable("PDNS_CONFIG_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepoPaths.Root, ".run", "pdns");

    /// <summary>A primary zone marked pre-signed with pdnsutil, as the API cannot do it.</summary>
    public static async Task CreatePresignedZoneAsync(Dmarc.Core.Dns.IDnsProvider provider, string account, string zone)
    {
        await provider.CreateZoneAsync(account, new Dmarc.Core.Dns.DnsZone(zone, Dmarc.Core.Dns.ZoneKind.Primary, Dmarc.Core.Dns.DnssecState.NotSigned));
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdnsutil", ["--config-dir=" + ConfigDir, "set-presigned", zone])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pdnsutil set-presigned {zone} failed: {error}");
        }
    }

    /// <summary>
    /// A record set written straight through the PowerDNS API, the way the server's operator
    /// would (the service's providers refuse LUA and other types accounts may not write).
    /// </summary>
    public static async Task PutRrsetAsync(string zone, string name, string type, params string[] contents)
    {
        using var http = new HttpClient { BaseAddress = Options.ApiUrl };
        var body = new { rrsets = new[] { new { name = name + ".", type, ttl = 60, changetype = "REPLACE", records = contents.Select(c => new { content = c, disabled = false }).ToArray() } } };
        // SQLite may answer 500 "database is locked" while other test assemblies write: try again, as the provider does.
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"api/v1/servers/localhost/zones/{zone}.") { Content = System.Net.Http.Json.JsonContent.Create(body) };
            request.Headers.Add("X-API-Key", Options.ApiKey);
            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode || (int)response.StatusCode < 500 || attempt == 8)
            {
                response.EnsureSuccessStatusCode();
                return;
            }

            await Task.Delay(100 * attempt);
        }
    }

    public static async Task DeleteZoneAsync(string zone)
    {
        using var http = new HttpClient { BaseAddress = Options.ApiUrl };
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"api/v1/servers/localhost/zones/{zone}.");
        request.Headers.Add("X-API-Key", Options.ApiKey);
        using var _ = await http.SendAsync(request);
    }
}

/// <summary>
/// Test classes that write to the one local PowerDNS (a SQLite database) run one at a time within
/// an assembly, so their writes do not contend for the database lock (xunit puts classes that
/// name one collection into it and runs them in turn).
/// </summary>
internal static class PowerDnsTests
{
    public const string Name = "PowerDNS";
}
