using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Dmarc.Core.Ingestion;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Triggers;

/// <summary>The blob function fed exactly what the Functions host sends: quoted name, base64 content, Metadata first.</summary>
public class IngestReportFunctionTests
{
    [Theory]
    [InlineData("extract_report", "nice-input.xml.zip", ReportFormat.Zip)]
    [InlineData("extract_report", "nice-input.xml.gz", ReportFormat.Gzip)]
    [InlineData("aggregate", "twilight.eml", ReportFormat.Mime)]
    public async Task Ingests_the_content_the_host_sends_under_the_quoted_name(string folder, string file, ReportFormat format)
    {
        await using var app = new DmarcAppFactory();
        var bytes = await File.ReadAllBytesAsync(RepoPaths.CorpusFile(folder, file));
        var client = app.CreateClient();
        var inbound = new BlobContainerClient(Azurite.ConnectionString, app.Names.Container("inbound"));
        await inbound.UploadBlobAsync("drop/" + file, new BinaryData(bytes));

        var response = await TriggerPayloads.IngestAsync(client, "drop/" + file, bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"drop/{file}: {bytes.Length} bytes, {format}", result.GetProperty("Logs")[0].GetString());
        var receipt = await app.Services.GetRequiredService<IInboundReceipts>().GetAsync("drop/" + file);
        Assert.Equal((bytes.Length, format), (receipt!.Size, receipt.Format));
        Assert.False((await inbound.GetBlobClient("drop/" + file).ExistsAsync()).Value);
    }

    [Fact]
    public async Task The_content_in_data_is_used_and_the_blob_is_not_read_again()
    {
        await using var app = new DmarcAppFactory();
        var bytes = await File.ReadAllBytesAsync(RepoPaths.CorpusFile("extract_report", "nice-input.xml.gz"));

        // No blob is uploaded: the content the host sent is all the function may use.
        var response = await TriggerPayloads.IngestAsync(app.CreateClient(), "never-uploaded.xml.gz", bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await app.Services.GetRequiredService<IInboundReceipts>().GetAsync("never-uploaded.xml.gz");
        Assert.Equal((bytes.Length, ReportFormat.Gzip), (receipt!.Size, receipt.Format));
    }

    [Fact]
    public async Task Metadata_without_a_name_fails_with_the_reason()
    {
        await using var app = new DmarcAppFactory();
        var body = TriggerPayloads.Blob("x", [1]).Replace("\"name\":", "\"other\":", StringComparison.Ordinal);

        var response = await TriggerPayloads.PostAsync(app.CreateClient(), "IngestReport", body);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The trigger metadata has no blob 'name'.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_name_sent_unquoted_is_refused_as_not_the_hosts_encoding()
    {
        await using var app = new DmarcAppFactory();
        var body = TriggerPayloads.Fixture("blob", ("$NAME$", "\"drop/r.xml\""), ("$LENGTH$", "1"), ("$CONTENT$", "\"AQ==\""));

        var response = await TriggerPayloads.PostAsync(app.CreateClient(), "IngestReport", body);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Metadata.name is not in the Functions host's encoding", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_content_a_blob_that_is_gone_is_answered_with_a_log_line_and_no_receipt()
    {
        await using var app = new DmarcAppFactory();
        var body = "{\"Metadata\":{\"name\":" + TriggerPayloads.Twice("vanished.xml") + "},\"Data\":{}}";

        var response = await TriggerPayloads.PostAsync(app.CreateClient(), "IngestReport", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("vanished.xml was gone before it was read: nothing ingested", result.GetProperty("Logs")[0].GetString());
        Assert.Null(await app.Services.GetRequiredService<IInboundReceipts>().GetAsync("vanished.xml"));
    }
}
