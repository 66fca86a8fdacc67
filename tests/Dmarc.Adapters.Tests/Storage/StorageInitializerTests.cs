using Dmarc.Adapters.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dmarc.Adapters.Tests.Storage;

public class StorageInitializerTests
{
    [Fact]
    public async Task Creates_every_resource_and_can_run_again()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var initializer = new StorageInitializer(storage.Tables, storage.Blobs, storage.Queues, storage.Names, NullLogger<StorageInitializer>.Instance);

        await initializer.EnsureCreatedAsync();
        await initializer.StartAsync(CancellationToken.None);

        foreach (var table in storage.Names.Tables)
        {
            var found = new List<string>();
            await foreach (var t in storage.Tables.QueryAsync(x => x.Name == table))
            {
                found.Add(t.Name);
            }

            Assert.Equal([table], found);
        }

        foreach (var container in storage.Names.Containers)
        {
            Assert.True((await storage.Blobs.GetBlobContainerClient(container).ExistsAsync()).Value);
        }
    }

    [Fact]
    public void Names_carry_the_prefix()
    {
        var names = new StorageNames("t1");
        Assert.Equal("t1accounts", names.Table(StorageNames.Accounts));
        Assert.Equal("t1inbound", names.Container(StorageNames.Inbound));
        Assert.Contains("t1rollupruns", names.Tables);
    }
}
