using Azure.Storage.Blobs;
using Dmarc.Adapters.Ingestion;
using Dmarc.Core.Ingestion;
using Dmarc.Functions.LocalRunner;
using Dmarc.Tests.Shared;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.LocalRunner;

/// <summary>The whole app with its own function.json files: a report dropped into inbound is ingested once.</summary>
public class AppRunnerTests
{
    [Fact]
    public async Task A_report_dropped_into_inbound_is_ingested_exactly_once()
    {
        CountingReceipts? counting = null;
        await using var app = new DmarcAppFactory(
            new()
            {
                ["LocalRunner:Enabled"] = "true",
                ["LocalRunner:PollInterval"] = "00:00:00.200",
            },
            services =>
            {
                services.AddHttpClient(FunctionInvoker.ClientName)
                    .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
                services.AddSingleton<IInboundReceipts>(sp => counting = new CountingReceipts(ActivatorUtilities.CreateInstance<TableInboundReceipts>(sp)));
            });
        _ = app.Services; // starts the app and its runner
        var bytes = await File.ReadAllBytesAsync(RepoPaths.CorpusFile("extract_report", "nice-input.xml.gz"));
        var inbound = new BlobContainerClient(Azurite.ConnectionString, app.Names.Container("inbound"));
        await inbound.CreateIfNotExistsAsync();

        await inbound.UploadBlobAsync("nice-input.xml.gz", new BinaryData(bytes));

        var receipt = await Eventually.GetAsync(
            () => app.Services.GetRequiredService<IInboundReceipts>().GetAsync("nice-input.xml.gz"),
            r => r is not null,
            what: "the receipt of nice-input.xml.gz");
        Assert.Equal((bytes.Length, ReportFormat.Gzip), (receipt!.Size, receipt.Format));

        // Once the runner's receipt for this blob version says Done, it delivers that version no more:
        // from then on the count is final, without waiting a fixed time.
        var receipts = new Azure.Data.Tables.TableClient(Azurite.ConnectionString, app.Names.Table(new LocalRunnerOptions().ReceiptsTable));
        await Eventually.GetAsync(
            async () => await receipts.QueryAsync<Azure.Data.Tables.TableEntity>(Azure.Data.Tables.TableClient.CreateQueryFilter($"Status eq {nameof(BlobReceiptStatus.Done)}")).CountAsync(),
            n => n == 1,
            what: "the runner's Done receipt for the blob");
        Assert.Equal(1, counting!.Count);
    }

    /// <summary>The real receipts adapter, counting how often ingestion records a receipt.</summary>
    private sealed class CountingReceipts(IInboundReceipts inner) : IInboundReceipts
    {
        private int _count;

        public int Count => _count;

        public Task UpsertAsync(InboundReceipt receipt, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return inner.UpsertAsync(receipt, cancellationToken);
        }

        public Task<InboundReceipt?> GetAsync(string name, CancellationToken cancellationToken = default) =>
            inner.GetAsync(name, cancellationToken);
    }
}
