using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.LocalRunner;

public static class LocalRunnerSetup
{
    /// <summary>The variable the Functions host sets when it starts the custom handler.</summary>
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>
    /// Registers the local trigger runner. It does nothing when the Functions host runs the app
    /// (FUNCTIONS_CUSTOMHANDLER_PORT is set) or LocalRunner:Enabled is false.
    /// </summary>
    public static IServiceCollection AddLocalTriggerRunner(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LocalRunnerOptions>().Bind(configuration.GetSection(LocalRunnerOptions.Section))
            .Validate(o => o.MaxConcurrency >= 1, "LocalRunner:MaxConcurrency must be at least 1.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "LocalRunner:PollInterval must be positive.")
            .ValidateOnStart();
        services.AddHttpClient(FunctionInvoker.ClientName, c => c.Timeout = TimeSpan.FromMinutes(10));
        services.AddSingleton<FunctionInvoker>();
        services.AddSingleton(sp => HostRetrySettings.Load(sp.GetRequiredService<IOptions<LocalRunnerOptions>>().Value.FunctionsRoot ?? AppContext.BaseDirectory));
        services.AddSingleton(sp => new BlobReceipts(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(
                sp.GetRequiredService<StorageNames>().Table(sp.GetRequiredService<IOptions<LocalRunnerOptions>>().Value.ReceiptsTable)),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TimerTriggerLoop>();
        services.AddSingleton<BlobTriggerWatcher>();
        services.AddSingleton<QueueTriggerListener>();
        services.AddSingleton<OnDemandRuns>();
        services.AddHostedService<LocalTriggerRunner>();
        return services;
    }
}
