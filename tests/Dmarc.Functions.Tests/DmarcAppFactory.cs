using Dmarc.Adapters.Storage;
using Dmarc.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests;

/// <summary>
/// The real function app on a test server, against Azurite, with storage names of its own.
/// The local trigger runner is off unless a test switches it on.
/// </summary>
public sealed class DmarcAppFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789abcdefghij";
    public const string ReportingMailbox = "reports@rua.dmarc-monitor.example";
    public const string ReportingDomain = "dmarc-monitor.example";

    /// <summary>The name servers a domain delegates _dmarc to for the service (DomainStatus:NameServers).</summary>
    public static readonly string[] ServiceNameServers = ["ns1.dmarc-monitor.example", "ns2.dmarc-monitor.example"];

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public DmarcAppFactory(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _settings = BaseSettings(Prefix);
        _settings["Api:AdminKey"] = AdminKey;
        _settings["LocalRunner:Enabled"] = "false";
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }

        _services = services;
    }

    /// <summary>Storage with the given prefix, the reporting zone, MailDev for e-mail, and PowerDNS's test key.</summary>
    public static Dictionary<string, string?> BaseSettings(string prefix) => new()
    {
        ["Storage:ConnectionString"] = Azurite.ConnectionString,
        ["Storage:ResourcePrefix"] = prefix,
        ["PowerDns:ApiUrl"] = "http://127.0.0.1:8081/",
        ["PowerDns:ApiKey"] = Environment.GetEnvironmentVariable("PowerDns__ApiKey") ?? "local-pdns-api-key",
        ["PowerDns:Nameservers:0"] = "ns1.dns-host.example",
        ["PowerDns:Nameservers:1"] = "ns2.dns-host.example",
        ["Monitoring:ReportingAddress"] = "mailto:" + ReportingMailbox,
        ["Monitoring:ReportingDomain"] = ReportingDomain,
        ["Monitoring:ReportingUiUrl"] = "https://portal.example/reports",
        ["Email:From"] = "no-reply@dmarc-monitor.example",
        ["Email:SmtpHost"] = "127.0.0.1",
        ["Email:SmtpPort"] = "1025",
        ["Email:Security"] = "None",
        ["Onboarding:SigningKey"] = "test-signing-key-0123456789abcdefghijklmnop",
        ["Onboarding:ConfirmUrl"] = "https://portal.example/signup/confirm",
        ["DnsLookup:NameServers:0"] = "127.0.0.1:5300",
        ["DomainStatus:NameServers:0"] = ServiceNameServers[0],
        ["DomainStatus:NameServers:1"] = ServiceNameServers[1],
    };

    public string Prefix { get; } = Azurite.NewPrefix();

    public StorageNames Names => new(Prefix);

    public HttpClient CreateAdminClient() => CreateClientWith(AdminKey);

    public HttpClient CreateClientWith(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    /// <summary>Deletes every table, container and queue that carries this factory's prefix.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await AzuriteCleanup.DeletePrefixedAsync(Prefix);
        GC.SuppressFinalize(this);
    }
}
