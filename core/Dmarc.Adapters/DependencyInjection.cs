using Dmarc.Adapters.Accounts;
using Dmarc.Adapters.Ingestion;
using Dmarc.Adapters.Rollup;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Accounts;
using Dmarc.Core.Health;
using Dmarc.Core.Ingestion;
using Dmarc.Core.Rollup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters;

public static class DependencyInjection
{
    /// <summary>Registers the storage clients (validated at start), the adapters and the start-up initializer.</summary>
    public static IServiceCollection AddDmarcAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();

        services.AddSingleton(sp => new StorageNames(Storage(sp).ResourcePrefix));
        services.AddSingleton(sp => StorageClients.CreateBlobService(Storage(sp)));
        services.AddSingleton(sp => StorageClients.CreateTableService(Storage(sp)));
        services.AddSingleton(sp => StorageClients.CreateQueueService(Storage(sp)));
        services.AddSingleton<StorageInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageInitializer>());

        services.AddSingleton<IStorageProbe, BlobProbe>();
        services.AddSingleton<IStorageProbe, TableProbe>();
        services.AddSingleton<IStorageProbe, QueueProbe>();

        services.AddSingleton<IAccountStore, TableAccountStore>();
        services.AddSingleton<IInboundDocuments, BlobInboundDocuments>();
        services.AddSingleton<IInboundReceipts, TableInboundReceipts>();
        services.AddSingleton<IRollupRuns, TableRollupRuns>();
        return services;
    }

    private static StorageOptions Storage(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value;
}
