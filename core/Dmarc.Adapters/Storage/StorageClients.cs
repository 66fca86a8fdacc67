using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Dmarc.Adapters.Storage;

/// <summary>Builds the three storage service clients from <see cref="StorageOptions"/>.</summary>
public static class StorageClients
{
    public static BlobServiceClient CreateBlobService(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new BlobClientOptions();
        Tune(clientOptions, options);
        return options.UsesConnectionString
            ? new BlobServiceClient(options.ConnectionString, clientOptions)
            : new BlobServiceClient(options.BlobServiceUri, Credential(options), clientOptions);
    }

    public static TableServiceClient CreateTableService(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new TableClientOptions();
        Tune(clientOptions, options);
        return options.UsesConnectionString
            ? new TableServiceClient(options.ConnectionString, clientOptions)
            : new TableServiceClient(options.TableServiceUri, Credential(options), clientOptions);
    }

    public static QueueServiceClient CreateQueueService(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Base64 matches what the Functions host expects of queue messages.
        var clientOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        Tune(clientOptions, options);
        return options.UsesConnectionString
            ? new QueueServiceClient(options.ConnectionString, clientOptions)
            : new QueueServiceClient(options.QueueServiceUri, Credential(options), clientOptions);
    }

    private static void Tune(ClientOptions clientOptions, StorageOptions options)
    {
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }

    private static Azure.Core.TokenCredential Credential(StorageOptions options) =>
        string.Equals(options.Credential, StorageOptions.ManagedIdentity, StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrWhiteSpace(options.ClientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(options.ClientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId });
}
