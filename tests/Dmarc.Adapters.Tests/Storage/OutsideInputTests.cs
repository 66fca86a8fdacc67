using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Dns;
using Dmarc.Adapters.Ingestion;
using Dmarc.Adapters.Monitoring;
using Dmarc.Adapters.Reports;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Dns;
using Dmarc.Core.Ingestion;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Reports;

namespace Dmarc.Adapters.Tests.Storage;

/// <summary>The inputs real traffic brings, through every adapter that keys or stores them, against Azurite.</summary>
public class OutsideInputTests
{
    private const string Rfc2317Zone = "0/25.2.0.192.in-addr.arpa";

    [Fact]
    public async Task An_rfc2317_zone_and_names_with_slash_hash_question_mark_and_backslash_are_hosted()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var dns = new HostedDnsProvider(storage.Tables, storage.Names);
        var odd = new RecordSet($"a/b#c?d\\e.{Rfc2317Zone}", "TXT", 300, ["v/1 # ? \\ \"quoted\""]);
        var ptr = new RecordSet($"1.{Rfc2317Zone}", "PTR", 300, ["mail.contoso.com."]);

        await dns.CreateZoneAsync("acc_2317", new DnsZone(Rfc2317Zone, ZoneKind.Primary, DnssecState.NotSigned));
        await dns.UpsertRecordSetAsync(Rfc2317Zone, odd);
        await dns.UpsertRecordSetAsync(Rfc2317Zone, ptr);

        Assert.Equal(Rfc2317Zone, Assert.Single(await dns.ListZonesAsync("acc_2317")).Name);
        Assert.Equal(Rfc2317Zone, (await dns.GetZoneAsync("acc_2317", Rfc2317Zone))!.Name);
        Assert.Equal([odd], await dns.GetRecordSetsAsync(Rfc2317Zone, odd.Name));
        Assert.Equal([odd, ptr], (await dns.ListRecordSetsAsync(Rfc2317Zone)).OrderByDescending(s => s.Type));
        await Assert.ThrowsAsync<DnsZoneOverlapException>(() => dns.CreateZoneAsync("acc_other", new DnsZone("2.0.192.in-addr.arpa", ZoneKind.Primary, DnssecState.NotSigned)));
        await dns.DeleteRecordSetAsync(Rfc2317Zone, odd.Name, "TXT");
        Assert.Empty(await dns.GetRecordSetsAsync(Rfc2317Zone, odd.Name));
    }

    [Fact]
    public async Task A_record_set_too_large_for_an_entity_is_refused_before_anything_is_written()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var dns = new HostedDnsProvider(storage.Tables, storage.Names);
        await dns.CreateZoneAsync("acc_big", new DnsZone("big.example", ZoneKind.Primary, DnssecState.NotSigned));

        var error = await Assert.ThrowsAsync<DnsProviderException>(() => dns.UpsertRecordSetAsync("big.example", new RecordSet("big.example", "TXT", 300, [new string('\u0001', 8000)])));

        Assert.Contains("too large", error.Message, StringComparison.Ordinal);
        Assert.Empty(await dns.ListRecordSetsAsync("big.example"));
    }

    [Fact]
    public async Task Task_results_plans_and_monitored_domains_take_rfc2317_zone_names()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var tasks = new TableTaskStore(storage.Tables, storage.Names);
        var task = new MonitoringTask("task_2317", "acc_2317", TaskKind.Enable, false, MonitoringTaskStatus.Running, 1, DateTimeOffset.UnixEpoch, null);
        var change = new ZoneChange(Outcome.Failed, null, new string('d', 40_000), null, null);
        await tasks.CreateAsync(task, [Rfc2317Zone]);

        var plan = await tasks.TryAddPlanAsync(new ZonePlan(task.Id, Rfc2317Zone, change, DateTimeOffset.UnixEpoch));
        Assert.Equal(Rfc2317Zone, (await tasks.GetProgressAsync(task.Id, Rfc2317Zone)).Plan!.Zone);
        Assert.True(await tasks.RecordResultAsync(new ZoneResult(task.Id, Rfc2317Zone, change, DateTimeOffset.UnixEpoch), 1, plan.Version));

        Assert.Equal([Rfc2317Zone], await tasks.ListZonesAsync(task.Id));
        Assert.True((await tasks.GetProgressAsync(task.Id, Rfc2317Zone)).HasResult);
        var result = Assert.Single(await tasks.ListResultsAsync(task.Id));
        Assert.Equal(Rfc2317Zone, result.Zone);
        Assert.Equal(TableText.MaxFreeTextChars, result.Change.Detail!.Length);
        Assert.EndsWith("[truncated: 40000 characters]", result.Change.Detail, StringComparison.Ordinal);

        var domains = new TableMonitoredDomains(storage.Tables, storage.Names);
        Assert.True(await domains.TryClaimAsync(new MonitoredDomain(Rfc2317Zone, "acc_2317", null, DateTimeOffset.UnixEpoch)));
        Assert.Equal("acc_2317", (await domains.GetAsync(Rfc2317Zone))!.AccountId);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(0)]
    public async Task Receipts_take_blob_names_of_1024_characters_and_in_cjk(int length)
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var receipts = new TableInboundReceipts(storage.Tables, storage.Names);
        var name = length > 0 ? LongBlobName(length) : "受信/2026年11月/報告書 #1?.xml.gz";
        var receipt = new InboundReceipt(name, 10, ReportFormat.Gzip, DateTimeOffset.UnixEpoch);

        await receipts.UpsertAsync(receipt);

        Assert.Equal(receipt, await receipts.GetAsync(name));
        Assert.Null(await receipts.GetAsync(name[..^1]));
    }

    [Fact]
    public async Task A_40000_character_reason_is_quarantined_whole_in_one_blob_and_cut_with_a_marker_in_the_index()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var documents = new BlobDocumentStore(storage.Blobs, storage.Tables, storage.Names);
        var name = LongBlobName(1024);
        await storage.Blobs.GetBlobContainerClient(storage.Names.Container(StorageNames.Inbound)).UploadBlobAsync(name, new BinaryData("<feedback/>"u8.ToArray()));
        var reason = "The XML is not well-formed: " + new string('<', 40_000);

        await documents.QuarantineAsync(new QuarantinedDocument("q_long", name, reason, 11, DateTimeOffset.UnixEpoch));

        var listed = Assert.Single(await documents.ListQuarantineAsync(10));
        Assert.Equal((name, TableText.MaxFreeTextChars), (listed.Name, listed.Reason.Length));
        Assert.StartsWith("The XML is not well-formed: <<<", listed.Reason, StringComparison.Ordinal);
        Assert.EndsWith($"[truncated: {reason.Length} characters]", listed.Reason, StringComparison.Ordinal);
        Assert.True(await documents.RetryQuarantinedAsync("q_long"));
        Assert.NotNull(await documents.ReadInboundAsync(name, 100));
    }

    [Fact]
    public async Task Reports_with_long_org_names_odd_ids_and_dates_before_1601_in_queries_are_stored_and_listed()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableReportStore(storage.Tables, storage.Blobs, storage.Names);
        var report = ShortPageTests.Report("id/with#odd?chars\\and\u0001control", "contoso.com") with { OrgName = new string('O', 40_000) };
        var key = ReportKeys.For(report);
        var contribution = new Contribution("contoso.com", new DateOnly(2023, 11, 14), key, "2001:db8::1", 5, 5, 5, 5, 5, 0, 0);

        await store.SaveAsync(new StoredReport(key, "acc_odd", report, "sha", DateTimeOffset.UnixEpoch), [contribution]);

        var (all, _) = await store.ListAsync("acc_odd", null, new DateTimeOffset(1500, 1, 1, 0, 0, 0, TimeSpan.Zero), null, 10, null);
        var (none, _) = await store.ListAsync("acc_odd", null, null, new DateTimeOffset(1600, 12, 31, 0, 0, 0, TimeSpan.Zero), 10, null);
        var listed = Assert.Single(all);
        Assert.Empty(none);
        Assert.Equal(report.ReportId, listed.Report.ReportId);
        Assert.EndsWith("[truncated: 40000 characters]", listed.Report.OrgName, StringComparison.Ordinal);
        Assert.Equal(report.OrgName, (await store.GetAsync("acc_odd", key))!.Report.OrgName);
        Assert.Equal([contribution], await store.ContributionsAsync("contoso.com", new DateOnly(2023, 11, 14)));
    }

    [Fact]
    public async Task Refusals_of_the_service_are_permanent_and_conflicts_or_absence_are_not()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var table = storage.Tables.GetTableClient(storage.Names.Table(StorageNames.Audit));
        var faults = new StorageFaults();

        var tooLarge = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r") { ["Text"] = new string('x', 40_000) }));
        var badKey = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("a/b", "r")));
        await table.AddEntityAsync(new TableEntity("p", "r"));
        var conflict = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync<TableEntity>("p", "none"));

        Assert.Equal($"{tooLarge.ErrorCode} (400)", faults.Permanent(tooLarge));
        Assert.Equal($"{badKey.ErrorCode} (400)", faults.Permanent(new InvalidOperationException("wrapped", badKey)));
        Assert.Null(faults.Permanent(conflict));
        Assert.Null(faults.Permanent(missing));
        Assert.Null(faults.Permanent(new TimeoutException()));
    }

    /// <summary>A blob name of exactly <paramref name="length"/> characters with '/', '#', '?', '\' and CJK in it.</summary>
    internal static string LongBlobName(int length)
    {
        var start = "inbound/報告 #1?/a\\b/";
        return start + string.Concat(Enumerable.Range(0, length).Select(i => i % 100 == 99 ? '/' : (char)('a' + (i % 26))))[..(length - start.Length)];
    }
}
