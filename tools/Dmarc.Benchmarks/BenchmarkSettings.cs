using Dmarc.Adapters;
using Dmarc.Adapters.Storage;
using Dmarc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dmarc.Benchmarks;

/// <summary>The settings every benchmark runs with (Azurite under its own prefix, MailDev for e-mail, plus its own) and the services built on them.</summary>
internal static class BenchmarkSettings
{
    public static IConfiguration For(string prefix, string reportingDomain, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage:ResourcePrefix"] = prefix,
            ["Monitoring:ReportingAddress"] = "mailto:reports@rua.dmarc-monitor.example",
            ["Monitoring:ReportingDomain"] = reportingDomain,
            ["Monitoring:ReportingUiUrl"] = "http://127.0.0.1:7071/api/reports",
            ["Email:From"] = "no-reply@dmarc-monitor.example",
            ["Email:SmtpHost"] = "127.0.0.1",
            ["Email:SmtpPort"] = "1025",
            ["Email:Security"] = "None",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(settings).AddEnvironmentVariables().Build();
    }

    /// <summary>The app's services on that configuration (warnings logged only), with its storage created.</summary>
    public static async Task<ServiceProvider> ServicesAsync(IConfiguration configuration)
    {
        var provider = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
            .AddDmarcCore()
            .AddDmarcAdapters(configuration)
            .BuildServiceProvider();
        await provider.GetRequiredService<StorageInitializer>().EnsureCreatedAsync();
        return provider;
    }
}
