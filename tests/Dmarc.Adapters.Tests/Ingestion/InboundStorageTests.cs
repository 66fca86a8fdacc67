using Dmarc.Adapters.Ingestion;
using Dmarc.Adapters.Reports;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Ingestion;
using Dmarc.Tests.Shared;

namespace Dmarc.Adapters.Tests.Ingestion;

public class InboundStorageTests
{
    [Fact]
    public async Task An_inbound_blob_is_read_whole_with_its_size()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var bytes = await File.ReadAllBytesAsync(RepoPaths.CorpusFile("aggregate", "mimecast-weird-gzip.eml"));
        await Container(storage).UploadBlobAsync("mail/weird.eml", new BinaryData(bytes));

        var inbound = await Documents(storage).ReadInboundAsync("mail/weird.eml", 1_000_000);

        Assert.Equal(bytes.Length, inbound!.Size);
        Assert.Equal(bytes, inbound.Content);
    }

    [Fact]
    public async Task A_blob_over_the_limit_is_not_read_and_an_empty_one_is()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        await Container(storage).UploadBlobAsync("big.xml", new BinaryData(new byte[5000]));
        await Container(storage).UploadBlobAsync("empty.xml", new BinaryData(Array.Empty<byte>()));

        var big = await Documents(storage).ReadInboundAsync("big.xml", 1000);
        var empty = await Documents(storage).ReadInboundAsync("empty.xml", 1000);

        Assert.Equal((5000L, (byte[]?)null), (big!.Size, big.Content));
        Assert.Equal((0L, 0), (empty!.Size, empty.Content!.Length));
    }

    [Fact]
    public async Task A_missing_blob_reads_as_null()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        Assert.Null(await Documents(storage).ReadInboundAsync("nothing.xml", 8));
    }

    [Fact]
    public async Task Receipts_round_trip_by_any_blob_name_and_are_replaced()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var receipts = new TableInboundReceipts(storage.Tables, storage.Names);
        const string name = "2026/11/22/Report domain- a.com Submitter- b.com #1?.eml";
        var first = new InboundReceipt(name, 10, ReportFormat.Mime, DateTimeOffset.UnixEpoch);
        var second = first with { Size = 20, Format = ReportFormat.Gzip };

        await receipts.UpsertAsync(first);
        await receipts.UpsertAsync(second);

        Assert.Equal(second, await receipts.GetAsync(name));
        Assert.Null(await receipts.GetAsync("other"));
    }

    private static BlobDocumentStore Documents(AzuriteStorage storage) => new(storage.Blobs, storage.Tables, storage.Names);

    private static Azure.Storage.Blobs.BlobContainerClient Container(AzuriteStorage storage) =>
        storage.Blobs.GetBlobContainerClient(storage.Names.Container(StorageNames.Inbound));
}
