using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Dmarc.Core.Ingestion;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Triggers;

public class IngestReportFunctionTests
{
    [Theory]
    [InlineData("extract_report", "nice-input.xml.zip", ReportFormat.Zip)]
    [InlineData("extract_report", "nice-input.xml.gz", ReportFormat.Gzip)]
    [InlineData("aggregate", "twilight.eml", ReportFormat.Mime)]
    public async Task Reads_the_blob_named_in_metadata_and_records_it(string folder, string file, ReportFormat format)
    {
        await using var app = new DmarcAppFactory();
        var bytes = await File.ReadAllBytesAsync(RepoPaths.CorpusFile(folder, file));
        var client = app.CreateClient();
        await new BlobContainerClient(Azurite.ConnectionString, app.Names.Container("inbound")).UploadBlobAsync("drop/" + file, new BinaryData(bytes));

        // Data carries the content as mangled text, as the host would; the function must not use it.
        var response = await TriggerPayloads.InvokeAsync(client, "IngestReport",
            new { report = "\uFFFD\uFFFD not the real content" },
            new { name = "drop/" + file, BlobTrigger = $"inbound/drop/{file}" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"drop/{file}: {bytes.Length} bytes, {format}", result.GetProperty("Logs")[0].GetString());
        var receipt = await app.Services.GetRequiredService<IInboundReceipts>().GetAsync("drop/" + file);
        Assert.Equal((bytes.Length, format), (receipt!.Size, receipt.Format));
    }

    [Fact]
    public async Task Metadata_without_a_name_fails_with_the_reason()
    {
        await using var app = new DmarcAppFactory();

        var response = await TriggerPayloads.InvokeAsync(app.CreateClient(), "IngestReport", new { }, new { });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The trigger metadata has no blob 'name'.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_blob_that_is_gone_succeeds_without_a_receipt()
    {
        await using var app = new DmarcAppFactory();

        var response = await TriggerPayloads.InvokeAsync(app.CreateClient(), "IngestReport", new { }, new { name = "vanished.xml" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(await app.Services.GetRequiredService<IInboundReceipts>().GetAsync("vanished.xml"));
    }
}
