using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Dmarc.Adapters.Storage;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dmarc.Adapters.Tests;

/// <summary>Real Azurite clients and a resource prefix of the test's own; deletes what it made.</summary>
public sealed class AzuriteStorage : IAsyncDisposable
{
    private AzuriteStorage(StorageOptions options)
    {
        Options = options;
        Names = new StorageNames(options.ResourcePrefix);
        Blobs = StorageClients.CreateBlobService(options);
        Tables = StorageClients.CreateTableService(options);
        Queues = StorageClients.CreateQueueService(options);
    }

    public StorageOptions Options { get; }

    public StorageNames Names { get; }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    /// <summary>Creates this test's tables, containers and queues through the real initializer.</summary>
    public static async Task<AzuriteStorage> CreateAsync()
    {
        var storage = new AzuriteStorage(new StorageOptions { ConnectionString = Azurite.ConnectionString, ResourcePrefix = Azurite.NewPrefix() });
        await new StorageInitializer(storage.Tables, storage.Blobs, storage.Queues, storage.Names, NullLogger<StorageInitializer>.Instance)
            .EnsureCreatedAsync();
        return storage;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var table in Names.Tables)
        {
            await Tables.DeleteTableAsync(table);
        }

        foreach (var container in Names.Containers)
        {
            await Blobs.DeleteBlobContainerAsync(container);
        }

        foreach (var queue in Names.Queues)
        {
            await Queues.DeleteQueueAsync(queue);
        }
    }
}
