using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Dmarc.Core.Reports;
using Dmarc.Functions.LocalRunner;
using Dmarc.Tests.Shared;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Dmarc.Functions.Tests.Reports;

/// <summary>A blob whose function fails every attempt: named on the host's blob poison queue, then moved to quarantine, listed and retried through the API.</summary>
public sealed class FailedBlobTests : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dmarc-failed-blob-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_report_that_fails_every_attempt_ends_in_quarantine_and_can_be_retried()
    {
        WriteFunctionsRoot();
        var broken = new Mock<IReportStore>();
        broken.Setup(s => s.SaveAsync(It.IsAny<StoredReport>(), It.IsAny<IReadOnlyList<Contribution>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("Storage went away (injected on every attempt)."));
        await using var app = new DmarcAppFactory(
            new()
            {
                ["LocalRunner:Enabled"] = "true",
                ["LocalRunner:PollInterval"] = "00:00:00.100",
                ["LocalRunner:FunctionsRoot"] = _root,
            },
            s =>
            {
                s.AddSingleton(broken.Object);
                s.AddHttpClient(FunctionInvoker.ClientName)
                    .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
            });
        var admin = app.CreateAdminClient();
        var inbound = new BlobContainerClient(Azurite.ConnectionString, app.Names.Container("inbound"));
        await inbound.UploadBlobAsync("drop/failing.xml", new BinaryData(Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 3, distinctIps: 2))));

        var quarantined = await Eventually.GetAsync(
            async () => await admin.GetFromJsonAsync<JsonElement[]>("/api/quarantine") ?? [],
            q => q.Length == 1,
            TimeSpan.FromSeconds(60),
            "the failing blob in quarantine");

        Assert.Equal("drop/failing.xml", quarantined[0].GetProperty("name").GetString());
        Assert.Contains("Host.Functions.IngestReport failed on every attempt", quarantined[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False((await inbound.GetBlobClient("drop/failing.xml").ExistsAsync()).Value, "the blob moved out of inbound");

        var retried = await admin.PostAsync(new Uri($"/api/quarantine/{quarantined[0].GetProperty("id").GetString()}:retry", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The two functions involved, and a host.json that gives up after two attempts without waiting between them.</summary>
    private void WriteFunctionsRoot()
    {
        foreach (var function in new[] { "IngestReport", "QuarantineFailedBlob" })
        {
            Directory.CreateDirectory(Path.Combine(_root, function));
            File.Copy(Path.Combine(RepoPaths.Root, "functions", "Dmarc.Functions", function, FunctionCatalog.FileName), Path.Combine(_root, function, FunctionCatalog.FileName));
        }

        File.WriteAllText(Path.Combine(_root, HostRetrySettings.FileName), """
            { "version": "2.0", "extensions": { "queues": { "visibilityTimeout": "00:00:00" }, "blobs": { "poisonBlobThreshold": 2 } } }
            """);
    }
}
