using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Dmarc.Adapters.Reports;
using Dmarc.Core.Reports;
using Dmarc.Tests.Shared;

namespace Dmarc.Adapters.Tests.Reports;

/// <summary>Quarantine and its retry copy documents on the server: the app downloads no blob content for either.</summary>
public sealed class QuarantineCopyTests
{
    [Fact]
    public async Task Quarantining_and_retrying_copy_the_document_server_side_without_downloading_it()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var downloads = new BlobDownloads();
        var options = new BlobClientOptions();
        options.AddPolicy(downloads, HttpPipelinePosition.PerCall);
        var counted = new BlobServiceClient(Azurite.ConnectionString, options);
        var documents = new BlobDocumentStore(counted, storage.Tables, storage.Names);
        var content = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(content);
        var inbound = storage.Blobs.GetBlobContainerClient(storage.Names.Container("inbound")).GetBlobClient("big/report.xml.gz");
        await inbound.UploadAsync(new BinaryData(content));

        await documents.QuarantineAsync(new QuarantinedDocument("q1", "big/report.xml.gz", "not a report: bad gzip header", content.Length, DateTimeOffset.UtcNow));

        var quarantined = storage.Blobs.GetBlobContainerClient(storage.Names.Container("quarantine")).GetBlobClient("q1");
        Assert.Equal(content, (await quarantined.DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal("not a report: bad gzip header", (await quarantined.GetPropertiesAsync()).Value.Metadata["reason"]);
        Assert.Equal(0, downloads.Count);

        await inbound.DeleteAsync();
        Assert.True(await documents.RetryQuarantinedAsync("q1"));

        Assert.Equal(content, (await inbound.DownloadContentAsync()).Value.Content.ToArray());
        Assert.False(await quarantined.ExistsAsync());
        Assert.Equal(0, downloads.Count);
    }

    /// <summary>Counts GET requests for blob content (not listings or properties) made through the client under test.</summary>
    private sealed class BlobDownloads : HttpPipelinePolicy
    {
        private int _count;

        public int Count => _count;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The tests use the async clients.");

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var uri = message.Request.Uri;
            if (message.Request.Method == RequestMethod.Get && !uri.Query.Contains("comp=", StringComparison.Ordinal) && !uri.Query.Contains("restype=", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }

            return ProcessNextAsync(message, pipeline);
        }
    }
}
