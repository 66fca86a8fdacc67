using Dmarc.Adapters.Storage;
using Dmarc.Tests.Shared;

namespace Dmarc.Adapters.Tests.Storage;

public class StorageProbesTests
{
    [Fact]
    public async Task Every_probe_reaches_Azurite()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        StorageProbe[] probes = [new BlobProbe(storage.Blobs, storage.Names), new TableProbe(storage.Tables), new QueueProbe(storage.Queues)];

        var results = await Task.WhenAll(probes.Select(p => p.ProbeAsync()));

        Assert.All(results, r => Assert.True(r.Reachable, r.Error));
        Assert.Equal(["blob", "table", "queue"], results.Select(r => r.Component));
    }

    [Fact]
    public async Task A_closed_blob_endpoint_is_reported_with_the_error()
    {
        var options = new StorageOptions { ConnectionString = Azurite.BlobDownConnectionString, MaxRetries = 0 };
        var probe = new BlobProbe(StorageClients.CreateBlobService(options), new StorageNames(""));

        var result = await probe.ProbeAsync();

        Assert.False(result.Reachable);
        Assert.Equal("blob", result.Component);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }
}
