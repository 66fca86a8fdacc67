using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Reports;

/// <summary>The IngestReport trigger and the reports API with the names, domains and dates real traffic brings.</summary>
public class OutsideInputIngestionTests
{
    [Fact]
    public async Task Reports_under_a_1024_character_blob_name_and_a_cjk_name_are_stored_not_poisoned()
    {
        await using var app = new DmarcAppFactory();
        var client = app.CreateClient();
        var names = new[] { LongBlobName(1024), "受信/2026年11月/報告書 #1?.xml" };
        for (var i = 0; i < names.Length; i++)
        {
            var content = Encoding.UTF8.GetBytes(ReportGenerator.Xml(2, 2, reportId: $"odd-name-{i}"));
            await Inbound(app).UploadBlobAsync(names[i], new BinaryData(content));

            var response = await TriggerPayloads.IngestAsync(client, names[i], content);

            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        var unclaimed = await app.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/unclaimed");
        Assert.Equal(["odd-name-0", "odd-name-1"], unclaimed.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("reportId").GetString()).Order());
        Assert.Empty(await Inbound(app).GetBlobsAsync().ToListAsync());
    }

    [Fact]
    public async Task A_control_character_in_the_policy_domain_is_quarantined_and_a_u_label_is_routed_as_punycode()
    {
        await using var app = new DmarcAppFactory();
        var (accountId, key) = await AccountAsync(app);
        await app.Services.GetRequiredService<IMonitoredDomains>().TryClaimAsync(new MonitoredDomain("xn--bcher-kva.example", accountId, null, DateTimeOffset.UtcNow));
        var control = Encoding.UTF8.GetBytes(ReportGenerator.Xml(1, 1, policyDomain: "exa&#1;mple.com", reportId: "control"));
        var unicode = Encoding.UTF8.GetBytes(ReportGenerator.Xml(1, 1, policyDomain: "Bücher.example", reportId: "idn"));
        await Inbound(app).UploadBlobAsync("control.xml", new BinaryData(control));
        await Inbound(app).UploadBlobAsync("idn.xml", new BinaryData(unicode));

        Assert.Equal(HttpStatusCode.OK, (await TriggerPayloads.IngestAsync(app.CreateClient(), "control.xml", control)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TriggerPayloads.IngestAsync(app.CreateClient(), "idn.xml", unicode)).StatusCode);

        var quarantined = Assert.Single(await app.CreateAdminClient().GetFromJsonAsync<JsonElement[]>("/api/quarantine") ?? []);
        Assert.Equal("control.xml", quarantined.GetProperty("name").GetString());
        Assert.Contains("'exa\\u0001mple.com', which is not a valid domain name", quarantined.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var page = await app.CreateClientWith(key).GetFromJsonAsync<JsonElement>("/api/reports?domain=bücher.example");
        var report = Assert.Single(page.GetProperty("reports").EnumerateArray());
        Assert.Equal("idn", report.GetProperty("reportId").GetString());
    }

    [Theory]
    [InlineData("from=1500-01-01T00:00:00Z", 1)]
    [InlineData("from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z", 1)]
    [InlineData("to=1600-06-01T00:00:00Z", 0)]
    [InlineData("from=1200-01-01T00:00:00Z&to=1300-01-01T00:00:00Z", 0)]
    public async Task Dates_before_1601_in_report_queries_answer_200(string query, int expected)
    {
        await using var app = new DmarcAppFactory();
        var (accountId, key) = await AccountAsync(app);
        await app.Services.GetRequiredService<IMonitoredDomains>().TryClaimAsync(new MonitoredDomain("example.com", accountId, null, DateTimeOffset.UtcNow));
        var content = Encoding.UTF8.GetBytes(ReportGenerator.Xml(1, 1));
        await Inbound(app).UploadBlobAsync("r.xml", new BinaryData(content));
        (await TriggerPayloads.IngestAsync(app.CreateClient(), "r.xml", content)).EnsureSuccessStatusCode();

        var response = await app.CreateClientWith(key).GetAsync(new Uri($"/api/reports?{query}", UriKind.Relative));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reports").GetArrayLength());
    }

    private static string LongBlobName(int length)
    {
        var start = "inbound/報告 #1?/a\\b/";
        return start + string.Concat(Enumerable.Range(0, length).Select(i => i % 100 == 99 ? '/' : (char)('a' + (i % 26))))[..(length - start.Length)];
    }

    private static BlobContainerClient Inbound(DmarcAppFactory app) => new(Azurite.ConnectionString, app.Names.Container("inbound"));

    private static async Task<(string Id, string Key)> AccountAsync(DmarcAppFactory app)
    {
        var response = await app.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name = "Outside Input Co", ownerEmails = new[] { "o@owner.example" }, edition = "Monitor" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("apiKey").GetString()!);
    }
}
