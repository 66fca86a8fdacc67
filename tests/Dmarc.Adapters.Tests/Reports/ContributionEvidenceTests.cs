using Dmarc.Adapters.Reports;
using Dmarc.Adapters.Tests.Storage;
using Dmarc.Core.Reports;

namespace Dmarc.Adapters.Tests.Reports;

public class ContributionEvidenceTests
{
    [Fact]
    public async Task Evidence_is_stored_with_the_row_and_a_second_save_replaces_it()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableReportStore(storage.Tables, storage.Blobs, storage.Names);
        var report = ShortPageTests.Report("evidence-1", "contoso.com");
        var key = ReportKeys.For(report);
        var day = new DateOnly(2023, 11, 14);
        var evidence = new AuthEvidence("contoso.com", [new DkimEvidence("contoso.com", "s1", "pass", true), new DkimEvidence("sendgrid.net", null, "pass", false)], new SpfEvidence("em.contoso.com", "fail", true), 4);
        var first = new Contribution("contoso.com", day, key, "2001:db8::7", 4, 4, 0, 4, 4, 0, 0) { Evidence = [evidence] };
        var second = first with { Total = 5, Evidence = [evidence with { Messages = 5 }] };

        await store.SaveAsync(new StoredReport(key, "acc_e", report, "sha", DateTimeOffset.UnixEpoch), [first]);
        await store.SaveAsync(new StoredReport(key, "acc_e", report, "sha", DateTimeOffset.UnixEpoch), [second]);

        var stored = Assert.Single(await store.ContributionsAsync("contoso.com", day));
        Assert.Equal(5, stored.Total);
        var read = Assert.Single(stored.Evidence);
        Assert.Equal(("contoso.com", 5L, evidence.Spf), (read.HeaderFrom, read.Messages, read.Spf));
        Assert.Equal(evidence.Dkim, read.Dkim);
    }

    [Fact]
    public async Task The_largest_evidence_a_report_can_produce_fits_in_one_row()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableReportStore(storage.Tables, storage.Blobs, storage.Names);
        var report = ShortPageTests.Report("evidence-big", "contoso.com");
        var key = ReportKeys.For(report);
        var domain = string.Join('.', Enumerable.Repeat(new string('\u00e9', 60), 4)) + ".example";
        var policy = report.Policy;
        var records = Enumerable.Range(0, 50).Select(i => new ReportRecord(
            "192.0.2.9", 1, "none", "fail", "fail", [], domain + i, null, null,
            [.. Enumerable.Range(0, 10).Select(j => new DkimAuthResult(domain + j, new string('\u00e9', 300), new string('r', 300), null))],
            [new SpfAuthResult(domain, "mfrom", new string('r', 300), null)]));
        var merged = EvidenceBuilder.Merge(records.Select(r => EvidenceBuilder.For(r, policy, 1)));
        var row = new Contribution("contoso.com", new DateOnly(2023, 11, 14), key, "192.0.2.9", 50, 0, 0, 0, 50, 0, 0) { Evidence = merged };

        Assert.InRange(EvidenceColumn.Write(merged).Length, 1, EvidenceColumn.MaxChars);
        await store.SaveAsync(new StoredReport(key, "acc_e", report, "sha", DateTimeOffset.UnixEpoch), [row]);

        var stored = Assert.Single(await store.ContributionsAsync("contoso.com", new DateOnly(2023, 11, 14)));
        Assert.Equal(EvidenceBuilder.MaxIdentities, stored.Evidence.Count);
    }
}
