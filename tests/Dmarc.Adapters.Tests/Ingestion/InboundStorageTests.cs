using Dmarc.Adapters.Ingestion;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Ingestion;
using Dmarc.Tests.Shared;

namespace Dmarc.Adapters.Tests.Ingestion;

public class InboundStorageTests
{
    [Fact]
    public async Task The_head_of_a_blob_and_its_full_size_are_read()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var bytes = await File.ReadAllBytesAsync(RepoPaths.CorpusFile("aggregate", "mimecast-weird-gzip.eml"));
        await Container(storage).UploadBlobAsync("mail/weird.eml", new BinaryData(bytes));

        var head = await new BlobInboundDocuments(storage.Blobs, storage.Names).ReadHeadAsync("mail/weird.eml", 16);

        Assert.NotNull(head);
        Assert.Equal(bytes.Length, head.Size);
        Assert.Equal(bytes.AsSpan(0, 16).ToArray(), head.Head.ToArray());
    }

    [Fact]
    public async Task A_blob_shorter_than_the_head_and_an_empty_blob_are_read_whole()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        await Container(storage).UploadBlobAsync("short.xml", new BinaryData("<a/>"u8.ToArray()));
        await Container(storage).UploadBlobAsync("empty.xml", new BinaryData(Array.Empty<byte>()));
        var documents = new BlobInboundDocuments(storage.Blobs, storage.Names);

        var shortHead = await documents.ReadHeadAsync("short.xml", 1024);
        var emptyHead = await documents.ReadHeadAsync("empty.xml", 1024);

        Assert.Equal((4L, 4), (shortHead!.Size, shortHead.Head.Length));
        Assert.Equal((0L, 0), (emptyHead!.Size, emptyHead.Head.Length));
    }

    [Fact]
    public async Task A_missing_blob_reads_as_null()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        Assert.Null(await new BlobInboundDocuments(storage.Blobs, storage.Names).ReadHeadAsync("nothing.xml", 8));
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

    private static Azure.Storage.Blobs.BlobContainerClient Container(AzuriteStorage storage) =>
        storage.Blobs.GetBlobContainerClient(storage.Names.Container(StorageNames.Inbound));
}
