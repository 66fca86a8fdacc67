using Dmarc.Core.Ingestion;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Dmarc.Core.Tests.Ingestion;

public class InboundIngestionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Records_name_size_and_detected_format()
    {
        var documents = new Mock<IInboundDocuments>();
        documents.Setup(d => d.ReadHeadAsync("r/1.xml.gz", ReportFormatSniffer.HeadLength, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new InboundHead(new byte[] { 0x1F, 0x8B, 8, 0 }, 5123));
        var receipts = new Mock<IInboundReceipts>();

        var receipt = await Ingestion(documents.Object, receipts.Object).IngestAsync("r/1.xml.gz");

        var expected = new InboundReceipt("r/1.xml.gz", 5123, ReportFormat.Gzip, Now);
        Assert.Equal(expected, receipt);
        receipts.Verify(r => r.UpsertAsync(expected, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_document_that_is_gone_records_nothing()
    {
        var documents = new Mock<IInboundDocuments>();
        documents.Setup(d => d.ReadHeadAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((InboundHead?)null);
        var receipts = new Mock<IInboundReceipts>(MockBehavior.Strict);

        Assert.Null(await Ingestion(documents.Object, receipts.Object).IngestAsync("gone.xml"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task A_blank_name_is_refused(string name)
    {
        var ingestion = Ingestion(Mock.Of<IInboundDocuments>(), Mock.Of<IInboundReceipts>());
        await Assert.ThrowsAsync<ArgumentException>(() => ingestion.IngestAsync(name));
    }

    private static InboundIngestion Ingestion(IInboundDocuments documents, IInboundReceipts receipts) =>
        new(documents, receipts, new FakeTimeProvider(Now), NullLogger<InboundIngestion>.Instance);
}
