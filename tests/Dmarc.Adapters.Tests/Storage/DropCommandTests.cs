using Azure.Storage.Blobs;
using Dmarc.Cli;
using Dmarc.Tests.Shared;

namespace Dmarc.Adapters.Tests.Storage;

public class DropCommandTests
{
    [Fact]
    public async Task Dropped_files_land_in_the_inbound_container_unchanged()
    {
        var container = Azurite.NewPrefix() + "inbound";
        var file = RepoPaths.CorpusFile("extract_report", "nice-input.xml.zip");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await DropCommand.RunAsync([file, "--container", container], stdout, stderr);

        Assert.Equal(0, code);
        var client = new BlobContainerClient(Azurite.ConnectionString, container);
        var names = new List<string>();
        await foreach (var blob in client.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        var name = Assert.Single(names);
        Assert.EndsWith("-nice-input.xml.zip", name, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(file), (await client.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray());
        Assert.Contains($"{container}/{name}", stdout.ToString(), StringComparison.Ordinal);
        await client.DeleteAsync();
    }

    [Fact]
    public async Task A_missing_file_is_named_and_fails_the_command()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var container = Azurite.NewPrefix() + "inbound";

        var code = await DropCommand.RunAsync(["/nonexistent/report.xml", "--container", container], stdout, stderr);

        Assert.Equal(1, code);
        await new BlobContainerClient(Azurite.ConnectionString, container).DeleteIfExistsAsync();
        Assert.StartsWith("/nonexistent/report.xml: ", stderr.ToString(), StringComparison.Ordinal);
    }
}
