using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Dmarc.Tests.Shared;

namespace Dmarc.Tests.Shared;

/// <summary>Deletes every table, container and queue whose name starts with a test's prefix.</summary>
internal static class AzuriteCleanup
{
    public static async Task DeletePrefixedAsync(string prefix)
    {
        var tables = new TableServiceClient(Azurite.ConnectionString);
        await foreach (var table in tables.QueryAsync())
        {
            if (table.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                await tables.DeleteTableAsync(table.Name);
            }
        }

        var blobs = new BlobServiceClient(Azurite.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: prefix))
        {
            await blobs.DeleteBlobContainerAsync(container.Name);
        }

        var queues = new QueueServiceClient(Azurite.ConnectionString);
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix))
        {
            await queues.DeleteQueueAsync(queue.Name);
        }
    }
}
