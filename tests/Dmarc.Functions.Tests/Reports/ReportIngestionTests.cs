using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Reports;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Reports;

public class ReportIngestionTests
{
    [Fact]
    public async Task The_same_report_ingested_twice_and_concurrently_is_stored_once_with_the_same_numbers()
    {
        await using var app = new DmarcAppFactory();
        var bytes = await File.ReadAllBytesAsync(RepoPaths.CorpusFile("extract_report", "nice-input.xml"));
        var gz = await File.ReadAllBytesAsync(RepoPaths.CorpusFile("extract_report", "nice-input.xml.gz"));
        var client = app.CreateClient();

        await UploadAsync(app, "a.xml", bytes);
        await UploadAsync(app, "b.xml.gz", gz);
        var results = await Task.WhenAll(Ingest(app, client, "a.xml"), Ingest(app, client, "a.xml"), Ingest(app, client, "b.xml.gz"));
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await UploadAsync(app, "a-again.xml", bytes);
        (await Ingest(app, client, "a-again.xml")).EnsureSuccessStatusCode();

        var unclaimed = await app.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/unclaimed");
        var report = Assert.Single(unclaimed.GetProperty("reports").EnumerateArray());
        await UploadAsync(app, "other.xml", Encoding.UTF8.GetBytes(ReportGenerator.Xml(2, 2, reportId: "other")));
        (await Ingest(app, client, "other.xml")).EnsureSuccessStatusCode();
        var page1 = await app.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/unclaimed?pageSize=1");
        var next = page1.GetProperty("next").GetString();
        var page2 = await app.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/unclaimed?pageSize=1&continuation={Uri.EscapeDataString(next!)}");
        Assert.NotEqual(page1.GetProperty("reports")[0].GetProperty("id").GetString(), page2.GetProperty("reports")[0].GetProperty("id").GetString());
        var parsed = ReportParser.Parse(bytes).Single();
        Assert.Equal(parsed.Messages, await TotalAsync(app, parsed));
        Assert.Empty(await InboundAsync(app));
        Assert.Equal(parsed.ReportId, report.GetProperty("reportId").GetString());
        var archive = new BlobContainerClient(Azurite.ConnectionString, app.Names.Container("archive"));
        foreach (var content in new[] { bytes, gz })
        {
            var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
            Assert.Equal(content, (await archive.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray());
        }
    }

    [Fact]
    public async Task A_report_goes_to_the_account_that_monitors_its_domain_and_only_that_account_sees_it()
    {
        await using var app = new DmarcAppFactory();
        var (accountId, key) = await AccountAsync(app, "Owner Co");
        var (_, strangerKey) = await AccountAsync(app, "Stranger Co");
        await app.Services.GetRequiredService<IMonitoredDomains>().TryClaimAsync(new MonitoredDomain("twlnet.com", accountId, null, DateTimeOffset.UtcNow));
        await UploadAsync(app, "mail.eml", await File.ReadAllBytesAsync(RepoPaths.CorpusFile("aggregate", "twilight.eml")));

        (await Ingest(app, app.CreateClient(), "mail.eml")).EnsureSuccessStatusCode();

        var page = await app.CreateClientWith(key).GetFromJsonAsync<JsonElement>("/api/reports?domain=TWLNET.com&from=2019-02-10T12:00:00Z&to=2019-02-11T00:00:00Z");
        var summary = Assert.Single(page.GetProperty("reports").EnumerateArray());
        var id = summary.GetProperty("id").GetString();
        var full = await app.CreateClientWith(key).GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
        Assert.Equal(1, full.GetProperty("records").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClientWith(strangerKey).GetAsync(new Uri($"/api/reports/{id}", UriKind.Relative))).StatusCode);
        Assert.Empty((await app.CreateClientWith(strangerKey).GetFromJsonAsync<JsonElement>("/api/reports")).GetProperty("reports").EnumerateArray());
        Assert.Empty((await app.CreateClientWith(key).GetFromJsonAsync<JsonElement>("/api/reports?domain=other.example")).GetProperty("reports").EnumerateArray());
    }

    [Fact]
    public async Task Unparseable_input_is_quarantined_with_its_reason_and_can_be_retried()
    {
        await using var app = new DmarcAppFactory();
        await UploadAsync(app, "broken.xml", await File.ReadAllBytesAsync(RepoPaths.CorpusFile("aggregate", "invalid_xml.xml")));

        (await Ingest(app, app.CreateClient(), "broken.xml")).EnsureSuccessStatusCode();

        Assert.Empty(await InboundAsync(app));
        var admin = app.CreateAdminClient();
        var quarantined = Assert.Single(await admin.GetFromJsonAsync<JsonElement[]>("/api/quarantine") ?? []);
        Assert.Equal("broken.xml", quarantined.GetProperty("name").GetString());
        Assert.Contains("The XML is not well-formed", quarantined.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClientWith((await AccountAsync(app, "X")).Key).GetAsync(new Uri("/api/quarantine", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync(new Uri($"/api/quarantine/{quarantined.GetProperty("id").GetString()}:retry", UriKind.Relative), null)).StatusCode);
        Assert.Equal(["broken.xml"], await InboundAsync(app));
        Assert.Empty(await admin.GetFromJsonAsync<JsonElement[]>("/api/quarantine") ?? []);
    }

    [Fact]
    public async Task Input_over_the_size_limit_is_quarantined_whole_without_being_read_into_memory()
    {
        await using var app = new DmarcAppFactory(new() { ["Reports:MaxCompressedBytes"] = "1000" });
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 20, distinctIps: 5));
        await UploadAsync(app, "too-big.xml", xml);

        (await Ingest(app, app.CreateClient(), "too-big.xml")).EnsureSuccessStatusCode();

        var quarantined = Assert.Single(await app.CreateAdminClient().GetFromJsonAsync<JsonElement[]>("/api/quarantine") ?? []);
        Assert.Equal($"too-big.xml is {xml.Length} bytes, over the limit of 1000.", quarantined.GetProperty("reason").GetString());
        var kept = new BlobContainerClient(Azurite.ConnectionString, app.Names.Container("quarantine")).GetBlobClient(quarantined.GetProperty("id").GetString());
        Assert.Equal(xml, (await kept.DownloadContentAsync()).Value.Content.ToArray());
        Assert.Empty(await InboundAsync(app));
    }

    [Fact]
    public async Task A_blob_whose_body_is_over_the_trigger_limit_is_quarantined_with_its_reason_not_refused()
    {
        await using var app = new DmarcAppFactory(new() { ["Reports:MaxCompressedBytes"] = "1000" });
        var content = new byte[1_200_000];
        Random.Shared.NextBytes(content);
        await UploadAsync(app, "huge.xml.gz", content);

        var response = await Ingest(app, app.CreateClient(), "huge.xml.gz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var quarantined = Assert.Single(await app.CreateAdminClient().GetFromJsonAsync<JsonElement[]>("/api/quarantine") ?? []);
        Assert.Equal($"huge.xml.gz is {content.Length} bytes, over the limit of 1000.", quarantined.GetProperty("reason").GetString());
        Assert.Empty(await InboundAsync(app));
    }

    [Fact]
    public async Task A_storage_failure_midway_leaves_the_blob_and_the_retry_writes_the_same_rows()
    {
        var failOnce = new FailFirstSave();
        await using var app = new DmarcAppFactory(services: s => s.AddSingleton<IReportStore>(sp => failOnce.Wrap(ActivatorUtilities.CreateInstance<Dmarc.Adapters.Reports.TableReportStore>(sp))));
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 300, distinctIps: 40, begin: 1700049600, end: 1700179200));
        await UploadAsync(app, "big.xml", xml);
        var client = app.CreateClient();

        var first = await Ingest(app, client, "big.xml");
        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(["big.xml"], await InboundAsync(app));

        (await Ingest(app, client, "big.xml")).EnsureSuccessStatusCode();
        await UploadAsync(app, "big-again.xml", xml);
        (await Ingest(app, client, "big-again.xml")).EnsureSuccessStatusCode();

        var parsed = ReportParser.Parse(xml).Single();
        Assert.Equal(parsed.Messages, await TotalAsync(app, parsed));
        Assert.Empty(await InboundAsync(app));
    }

    /// <summary>Plays the host: reads the blob once and posts its content with the trigger.</summary>
    private static async Task<HttpResponseMessage> Ingest(DmarcAppFactory app, HttpClient client, string name)
    {
        var inbound = new BlobContainerClient(Azurite.ConnectionString, app.Names.Container("inbound"));
        var content = (await inbound.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();
        return await TriggerPayloads.IngestAsync(client, name, content);
    }

    private static async Task UploadAsync(DmarcAppFactory app, string name, byte[] content)
    {
        var inbound = new BlobContainerClient(Azurite.ConnectionString, app.Names.Container("inbound"));
        await inbound.CreateIfNotExistsAsync();
        await inbound.UploadBlobAsync(name, new BinaryData(content));
    }

    private static async Task<List<string>> InboundAsync(DmarcAppFactory app)
    {
        var names = new List<string>();
        await foreach (var blob in new BlobContainerClient(Azurite.ConnectionString, app.Names.Container("inbound")).GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>Messages stored in contributions over every day of the report.</summary>
    private static async Task<long> TotalAsync(DmarcAppFactory app, AggregateReport report)
    {
        var store = app.Services.GetRequiredService<IReportStore>();
        long total = 0;
        for (var day = DateOnly.FromDateTime(report.Begin.UtcDateTime); day <= DateOnly.FromDateTime(report.End.UtcDateTime); day = day.AddDays(1))
        {
            total += (await store.ContributionsAsync(report.Policy.Domain, day)).Sum(c => c.Total);
        }

        return total;
    }

    private static async Task<(string Id, string Key)> AccountAsync(DmarcAppFactory app, string name)
    {
        var response = await app.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name, ownerEmails = new[] { "o@owner.example" }, edition = "Monitor" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("apiKey").GetString()!);
    }

    /// <summary>The real store, failing once after writing the report JSON, as a storage outage midway would.</summary>
    private sealed class FailFirstSave
    {
        private int _calls;

        public IReportStore Wrap(Dmarc.Adapters.Reports.TableReportStore inner)
        {
            var mock = new Moq.Mock<IReportStore>();
            mock.Setup(s => s.SaveAsync(Moq.It.IsAny<StoredReport>(), Moq.It.IsAny<IReadOnlyList<Contribution>>(), Moq.It.IsAny<CancellationToken>()))
                .Returns(async (StoredReport r, IReadOnlyList<Contribution> c, CancellationToken ct) =>
                {
                    await inner.SaveAsync(r, c.Take(c.Count / 2).ToArray(), ct);
                    if (Interlocked.Increment(ref _calls) == 1)
                    {
                        throw new IOException("Storage went away (injected).");
                    }

                    await inner.SaveAsync(r, c, ct);
                });
            mock.Setup(s => s.GetAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<string>(), Moq.It.IsAny<CancellationToken>())).Returns((string a, string k, CancellationToken ct) => inner.GetAsync(a, k, ct));
            mock.Setup(s => s.ContributionsAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<DateOnly>(), Moq.It.IsAny<CancellationToken>())).Returns((string d, DateOnly day, CancellationToken ct) => inner.ContributionsAsync(d, day, ct));
            mock.Setup(s => s.IsContinuation(Moq.It.IsAny<string>())).Returns((string c) => inner.IsContinuation(c));
            mock.Setup(s => s.ListAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<string?>(), Moq.It.IsAny<DateTimeOffset?>(), Moq.It.IsAny<DateTimeOffset?>(), Moq.It.IsAny<int>(), Moq.It.IsAny<string?>(), Moq.It.IsAny<CancellationToken>()))
                .Returns((string a, string? d, DateTimeOffset? f, DateTimeOffset? t, int p, string? c, CancellationToken ct) => inner.ListAsync(a, d, f, t, p, c, ct));
            return mock.Object;
        }
    }
}
