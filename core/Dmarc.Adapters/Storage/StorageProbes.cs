using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Dmarc.Core.Health;

namespace Dmarc.Adapters.Storage;

/// <summary>Probes a storage service with the cheapest call that needs a round trip.</summary>
public abstract class StorageProbe(string component) : IStorageProbe
{
    public string Component { get; } = component;

    public async Task<ComponentHealth> ProbeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await CallAsync(cancellationToken);
            return new ComponentHealth(Component, true, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ComponentHealth(Component, false, ex.GetBaseException().Message.Split('\n')[0].Trim());
        }
    }

    protected abstract Task CallAsync(CancellationToken cancellationToken);
}

public sealed class BlobProbe(BlobServiceClient client, StorageNames names) : StorageProbe("blob")
{
    protected override Task CallAsync(CancellationToken cancellationToken) =>
        client.GetBlobContainerClient(names.Container(StorageNames.Inbound)).ExistsAsync(cancellationToken);
}

public sealed class TableProbe(TableServiceClient client) : StorageProbe("table")
{
    protected override async Task CallAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in client.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages())
        {
            break;
        }
    }
}

public sealed class QueueProbe(QueueServiceClient client) : StorageProbe("queue")
{
    protected override Task CallAsync(CancellationToken cancellationToken) =>
        client.GetPropertiesAsync(cancellationToken);
}
