using Azure.Core;
using Azure.Data.Tables;
using Dmarc.Adapters.Audit;
using Dmarc.Adapters.Reports;
using Dmarc.Core.Audit;
using Dmarc.Core.Reports;
using Dmarc.Tests.Shared;

namespace Dmarc.Adapters.Tests.Storage;

/// <summary>Lists against Azurite answering in short and empty pages, as the real Table service may.</summary>
public class ShortPageTests
{
    [Fact]
    public async Task Report_pages_are_read_to_the_page_size_and_the_next_link_reaches_every_report()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var shortPages = new ShortPages();
        var store = new TableReportStore(ShortPageTables(shortPages), storage.Blobs, storage.Names);
        var keys = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var report = Report($"r-{i}", "contoso.com");
            keys.Add(ReportKeys.For(report));
            await store.SaveAsync(new StoredReport(keys[^1], "acc_pages", report, "sha", DateTimeOffset.UnixEpoch), []);
        }

        await store.SaveAsync(new StoredReport("other", "acc_pages", Report("x", "fabrikam.com"), "sha", DateTimeOffset.UnixEpoch), []);

        var (first, next) = await store.ListAsync("acc_pages", "contoso.com", null, null, 5, null);
        var (second, end) = await store.ListAsync("acc_pages", "contoso.com", null, null, 5, next);

        Assert.Equal(5, first.Count);
        Assert.NotNull(next);
        Assert.Null(end);
        Assert.Equal(keys.Order(), first.Concat(second).Select(r => r.Key).Order());
        Assert.True(shortPages.Shortened > 0 && shortPages.Emptied > 0, $"short pages {shortPages.Shortened}, empty pages {shortPages.Emptied}");
    }

    [Fact]
    public async Task A_filter_whose_first_answers_are_short_or_empty_still_fills_the_page()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var shortPages = new ShortPages();
        var store = new TableReportStore(ShortPageTables(shortPages), storage.Blobs, storage.Names);
        for (var i = 0; i < 6; i++)
        {
            await store.SaveAsync(new StoredReport($"a{i}", "acc_scan", Report($"other-{i}", "fabrikam.com"), "sha", DateTimeOffset.UnixEpoch), []);
        }

        await store.SaveAsync(new StoredReport("z1", "acc_scan", Report("wanted", "contoso.com"), "sha", DateTimeOffset.UnixEpoch), []);

        var (page, next) = await store.ListAsync("acc_scan", "contoso.com", null, null, 10, null);

        Assert.Equal("z1", Assert.Single(page).Key);
        Assert.Null(next);
    }

    [Fact]
    public async Task The_activity_log_reads_past_short_pages_up_to_its_maximum()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var log = new TableActivityLog(ShortPageTables(new ShortPages()), storage.Names);
        for (var i = 0; i < 5; i++)
        {
            await log.WriteAsync(new ActivityEntry($"e{i}", "acc_log", "owner", "Read", "/api/x", "200", DateTimeOffset.UnixEpoch));
        }

        Assert.Equal(4, (await log.ListAsync("acc_log", 4)).Count);
        Assert.Equal(5, (await log.ListAsync("acc_log", 50)).Count);
    }

    private static TableServiceClient ShortPageTables(ShortPages policy)
    {
        var options = new TableClientOptions();
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        return new TableServiceClient(Azurite.ConnectionString, options);
    }

    internal static AggregateReport Report(string id, string domain) =>
        new("reporter.example", null, null, id, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), DateTimeOffset.FromUnixTimeSeconds(1_700_086_399), null, null,
            new PublishedPolicy(domain, "none", null, null, null, null, null, null, null, null), [], []);
}
