using System.Text;
using Dmarc.Core.Ingestion;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Reports;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;
using Dmarc.Core.Storage;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Dmarc.Core.Tests.Reports;

public class ReportIngestionTests
{
    private readonly Mock<IDocumentStore> _documents = new();
    private readonly Mock<IInboundReceipts> _receipts = new();
    private readonly Mock<IReportStore> _reports = new();
    private readonly Mock<IMonitoredDomains> _domains = new();
    private readonly Mock<IStorageFaults> _faults = new();
    private readonly Mock<ISenderLookupDispatcher> _lookups = new();
    private readonly Mock<IRollupMarks> _marks = new();

    [Fact]
    public async Task A_document_that_is_gone_changes_nothing()
    {
        Assert.Null(await Ingestion().IngestAsync("gone.xml"));

        _receipts.VerifyNoOtherCalls();
        _reports.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_report_is_stored_for_its_account_before_it_leaves_inbound()
    {
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 4, distinctIps: 2, policyDomain: "contoso.com"));
        _documents.Setup(d => d.ReadInboundAsync("r.xml", It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(new InboundContent(xml.Length, xml));
        _documents.Setup(d => d.ArchiveAsync(xml, It.IsAny<CancellationToken>())).ReturnsAsync("sha");
        _domains.Setup(d => d.GetAsync("contoso.com", It.IsAny<CancellationToken>())).ReturnsAsync(new MonitoredDomain("contoso.com", "acc_1", null, default));
        var order = new List<string>();
        _reports.Setup(r => r.SaveAsync(It.IsAny<StoredReport>(), It.IsAny<IReadOnlyList<Contribution>>(), It.IsAny<CancellationToken>())).Callback(() => order.Add("save"));
        _documents.Setup(d => d.DeleteInboundAsync("r.xml", It.IsAny<CancellationToken>())).Callback(() => order.Add("delete"));
        var marked = new List<RollupMark>();
        _marks.Setup(m => m.MarkAsync(It.IsAny<IReadOnlyCollection<RollupMark>>(), It.IsAny<CancellationToken>()))
            .Callback((IReadOnlyCollection<RollupMark> marks, CancellationToken _) => { order.Add("mark"); marked.AddRange(marks); });
        var queued = new List<SenderLookupBatch>();
        _lookups.Setup(l => l.EnqueueAsync(It.IsAny<IReadOnlyList<SenderLookupBatch>>(), It.IsAny<CancellationToken>()))
            .Callback((IReadOnlyList<SenderLookupBatch> batches, CancellationToken _) => { order.Add("queue"); queued.AddRange(batches); });

        var outcome = await Ingestion().IngestAsync("r.xml");

        var stored = Assert.Single(outcome!.Reports);
        Assert.Equal(("acc_1", "sha"), (stored.AccountId, stored.ArchiveName));
        Assert.Equal(new InboundReceipt("r.xml", xml.Length, ReportFormat.Xml, FakeTime), outcome.Receipt);
        Assert.Equal(["save", "mark", "queue", "delete"], order);
        Assert.Equal(queued[0].Days.Select(day => new RollupMark("contoso.com", day, stored.Key)), marked);
        var batch = Assert.Single(queued);
        Assert.Equal(("contoso.com", stored.Key), (batch.Domain, batch.ReportKey));
        Assert.Equal(["10.0.0.0", "10.0.0.1"], batch.Ips);
        Assert.Contains(new DateOnly(2023, 11, 15), batch.Days);
        _receipts.Verify(r => r.UpsertAsync(outcome.Receipt, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Input_over_the_limit_is_quarantined_without_being_parsed()
    {
        _documents.Setup(d => d.ReadInboundAsync("huge.gz", 100, It.IsAny<CancellationToken>())).ReturnsAsync(new InboundContent(5000, null));

        var outcome = await Ingestion(ReportLimits.Default with { MaxCompressedBytes = 100 }).IngestAsync("huge.gz");

        Assert.Equal("huge.gz is 5000 bytes, over the limit of 100.", outcome!.Quarantined!.Reason);
        _documents.Verify(d => d.QuarantineAsync(outcome.Quarantined, It.IsAny<CancellationToken>()), Times.Once);
        _documents.Verify(d => d.DeleteInboundAsync("huge.gz", It.IsAny<CancellationToken>()), Times.Once);
        _reports.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(2 * 86400, true)]
    [InlineData(86400 - 60, false)]
    public async Task A_report_that_begins_more_than_a_day_after_it_arrived_is_quarantined(long aheadSeconds, bool quarantined)
    {
        var begin = FakeTime.ToUnixTimeSeconds() + aheadSeconds;
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 2, distinctIps: 2, policyDomain: "contoso.com", begin: begin, end: begin + 3600));
        _documents.Setup(d => d.ReadInboundAsync("ahead.xml", It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(new InboundContent(xml.Length, xml));
        _documents.Setup(d => d.ArchiveAsync(xml, It.IsAny<CancellationToken>())).ReturnsAsync("sha");

        var outcome = await Ingestion().IngestAsync("ahead.xml");

        if (quarantined)
        {
            Assert.Equal(
                $"report_metadata/date_range/begin: {DateTimeOffset.FromUnixTimeSeconds(begin):O} is more than a day after the report arrived ({FakeTime:O}); a receiver reports mail it has seen.",
                outcome!.Quarantined!.Reason);
            _reports.VerifyNoOtherCalls();
            _documents.Verify(d => d.ArchiveAsync(It.IsAny<byte[]>(), It.IsAny<CancellationToken>()), Times.Never);
        }
        else
        {
            Assert.Null(outcome!.Quarantined);
            Assert.Single(outcome.Reports);
        }
    }

    [Fact]
    public async Task A_document_over_its_decompression_budget_is_quarantined_with_the_limit_named()
    {
        var parts = Enumerable.Range(1, 4).Select(i => Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 100, distinctIps: 100, reportId: $"r{i}"))).ToArray();
        var mail = ReportMail.WithGzipParts(parts);
        _documents.Setup(d => d.ReadInboundAsync("many.eml", It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(new InboundContent(mail.Length, mail));

        var outcome = await Ingestion(ReportLimits.Default with { MaxDocumentDecompressedBytes = parts[0].Length * 2 }).IngestAsync("many.eml");

        Assert.Contains("(limit Reports:MaxDocumentDecompressedBytes)", outcome!.Quarantined!.Reason, StringComparison.Ordinal);
        _documents.Verify(d => d.DeleteInboundAsync("many.eml", It.IsAny<CancellationToken>()), Times.Once);
        _reports.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_storage_failure_propagates_and_the_document_stays_in_inbound()
    {
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 2, distinctIps: 2));
        _documents.Setup(d => d.ReadInboundAsync("r.xml", It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(new InboundContent(xml.Length, xml));
        _reports.Setup(r => r.SaveAsync(It.IsAny<StoredReport>(), It.IsAny<IReadOnlyList<Contribution>>(), It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("down"));

        await Assert.ThrowsAsync<IOException>(() => Ingestion().IngestAsync("r.xml"));

        _documents.Verify(d => d.DeleteInboundAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_report_stored_as_unclaimed_while_its_domain_is_claimed_moves_to_the_claiming_account()
    {
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 2, distinctIps: 1, policyDomain: "late.example"));
        _documents.Setup(d => d.ReadInboundAsync("r.xml", It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(new InboundContent(xml.Length, xml));
        _documents.Setup(d => d.ArchiveAsync(xml, It.IsAny<CancellationToken>())).ReturnsAsync("sha");
        _domains.SetupSequence(d => d.GetAsync("late.example", It.IsAny<CancellationToken>()))
            .ReturnsAsync((MonitoredDomain?)null)
            .ReturnsAsync(new MonitoredDomain("late.example", "acc_late", null, default));

        var outcome = await Ingestion().IngestAsync("r.xml");

        var stored = Assert.Single(outcome!.Reports);
        Assert.Equal("acc_late", stored.AccountId);
        _reports.Verify(r => r.SaveAsync(It.Is<StoredReport>(s => s.AccountId == StoredReport.Unclaimed), It.IsAny<IReadOnlyList<Contribution>>(), It.IsAny<CancellationToken>()), Times.Once);
        _reports.Verify(r => r.MoveAsync(stored.Key, StoredReport.Unclaimed, "acc_late", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_policy_domain_in_unicode_is_routed_by_its_punycode_form()
    {
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 1, distinctIps: 1, policyDomain: "Bücher.Example"));
        _documents.Setup(d => d.ReadInboundAsync("idn.xml", It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(new InboundContent(xml.Length, xml));
        _documents.Setup(d => d.ArchiveAsync(xml, It.IsAny<CancellationToken>())).ReturnsAsync("sha");
        _domains.Setup(d => d.GetAsync("xn--bcher-kva.example", It.IsAny<CancellationToken>())).ReturnsAsync(new MonitoredDomain("xn--bcher-kva.example", "acc_idn", null, default));

        var outcome = await Ingestion().IngestAsync("idn.xml");

        var stored = Assert.Single(outcome!.Reports);
        Assert.Equal(("acc_idn", "xn--bcher-kva.example"), (stored.AccountId, stored.Report.Policy.Domain));
    }

    [Theory]
    [InlineData("exa&#1;mple.com", "exa\\u0001mple.com")]
    [InlineData("exa&#9;mple.com", "exa\\u0009mple.com")]
    [InlineData("bad domain.com", "bad domain.com")]
    [InlineData("com", "com")]
    public async Task A_policy_domain_that_is_not_a_valid_name_is_quarantined_with_that_reason(string domain, string shown)
    {
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 1, distinctIps: 1, policyDomain: domain));
        _documents.Setup(d => d.ReadInboundAsync("bad.xml", It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(new InboundContent(xml.Length, xml));

        var outcome = await Ingestion().IngestAsync("bad.xml");

        Assert.Contains($"policy domain '{shown}', which is not a valid domain name", outcome!.Quarantined!.Reason, StringComparison.Ordinal);
        _reports.VerifyNoOtherCalls();
        _documents.Verify(d => d.ArchiveAsync(It.IsAny<byte[]>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_storage_refusal_that_retrying_cannot_fix_quarantines_with_the_services_code()
    {
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 1, distinctIps: 1, policyDomain: "contoso.com"));
        var refused = new InvalidOperationException("refused");
        _documents.Setup(d => d.ReadInboundAsync("r.xml", It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(new InboundContent(xml.Length, xml));
        _documents.Setup(d => d.ArchiveAsync(xml, It.IsAny<CancellationToken>())).ReturnsAsync("sha");
        _reports.Setup(r => r.SaveAsync(It.IsAny<StoredReport>(), It.IsAny<IReadOnlyList<Contribution>>(), It.IsAny<CancellationToken>())).ThrowsAsync(refused);
        _faults.Setup(f => f.Permanent(refused)).Returns("PropertyValueTooLarge (400)");

        var outcome = await Ingestion().IngestAsync("r.xml");

        Assert.Contains("PropertyValueTooLarge (400)", outcome!.Quarantined!.Reason, StringComparison.Ordinal);
        _documents.Verify(d => d.QuarantineAsync(outcome.Quarantined, It.IsAny<CancellationToken>()), Times.Once);
        _documents.Verify(d => d.DeleteInboundAsync("r.xml", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_transient_storage_failure_is_left_to_the_hosts_retries()
    {
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 1, distinctIps: 1, policyDomain: "contoso.com"));
        _documents.Setup(d => d.ReadInboundAsync("r.xml", It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(new InboundContent(xml.Length, xml));
        _documents.Setup(d => d.ArchiveAsync(xml, It.IsAny<CancellationToken>())).ReturnsAsync("sha");
        _reports.Setup(r => r.SaveAsync(It.IsAny<StoredReport>(), It.IsAny<IReadOnlyList<Contribution>>(), It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException());

        await Assert.ThrowsAsync<TimeoutException>(() => Ingestion().IngestAsync("r.xml"));

        _documents.Verify(d => d.QuarantineAsync(It.IsAny<QuarantinedDocument>(), It.IsAny<CancellationToken>()), Times.Never);
        _documents.Verify(d => d.DeleteInboundAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private static DateTimeOffset FakeTime => new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private ReportIngestion Ingestion(ReportLimits? limits = null) => new(
        Options.Create(limits ?? ReportLimits.Default), _documents.Object, _receipts.Object, _reports.Object, _domains.Object, _faults.Object,
        _lookups.Object, Options.Create(new SenderLookupOptions { BatchSize = 2 }), _marks.Object, new FakeTimeProvider(FakeTime), NullLogger<ReportIngestion>.Instance);
}
