using System.Text;
using Azure.Storage.Blobs;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Reports;

/// <summary>
/// The blob function ingests the bytes the host sent in Data: the app itself reads no blob's
/// content, whether the document is stored, quarantined as unreadable, or over the size limit.
/// </summary>
public class BlobReadsTests
{
    [Fact]
    public async Task Ingesting_storing_and_quarantining_download_no_blob_content()
    {
        var calls = new StorageCalls();
        await using var app = new DmarcAppFactory(new() { ["Reports:MaxCompressedBytes"] = "100000" }, calls.Register);
        var inbound = new BlobContainerClient(Azurite.ConnectionString, app.Names.Container("inbound"));
        await inbound.CreateIfNotExistsAsync();
        var documents = new Dictionary<string, byte[]>
        {
            ["good.xml.gz"] = await File.ReadAllBytesAsync(RepoPaths.CorpusFile("extract_report", "nice-input.xml.gz")),
            ["mail.eml"] = await File.ReadAllBytesAsync(RepoPaths.CorpusFile("aggregate", "twilight.eml")),
            ["broken.xml"] = await File.ReadAllBytesAsync(RepoPaths.CorpusFile("aggregate", "invalid_xml.xml")),
            ["huge.xml"] = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 400, distinctIps: 400)),
        };
        foreach (var (name, content) in documents)
        {
            await inbound.UploadBlobAsync(name, new BinaryData(content));
        }

        var client = app.CreateClient();
        calls.Clear();
        foreach (var (name, content) in documents)
        {
            (await TriggerPayloads.IngestAsync(client, name, content)).EnsureSuccessStatusCode();
        }

        Assert.Empty(await RemainingAsync(inbound));
        Assert.DoesNotContain(calls.All, c => c.IsBlobDownload);
        Assert.Contains(calls.All, c => c.Method == "PUT" && c.Path.Contains($"/{app.Names.Container("quarantine")}/", StringComparison.Ordinal));
    }

    private static async Task<List<string>> RemainingAsync(BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
