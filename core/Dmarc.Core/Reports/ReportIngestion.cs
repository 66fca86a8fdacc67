using Dmarc.Core.Dns;
using Dmarc.Core.Ingestion;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;
using Dmarc.Core.Storage;
using Dmarc.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Reports;

/// <summary>What became of one inbound document, with the receipt of what it was.</summary>
public sealed record IngestionOutcome(InboundReceipt Receipt, IReadOnlyList<StoredReport> Reports, QuarantinedDocument? Quarantined);

/// <summary>
/// Ingests one inbound document: record its receipt (name, size, format), parse, archive the raw bytes, route each report to the account
/// that monitors its domain (or unclaimed), store header and daily contributions keyed by
/// report, and only then delete it from inbound. Unparseable input goes to quarantine with the
/// reason. A report's policy domain is normalised (lower case, IDN U-labels to punycode) before it
/// is routed or keyed; a document with a policy domain that is not a valid domain name is
/// quarantined with that reason. A transient storage failure leaves the document in inbound to be
/// tried again; the retry writes the same rows. A failure that retrying cannot fix (the storage
/// service refused the request, see <see cref="IStorageFaults"/>) quarantines the document with the
/// service's error code instead of failing every attempt. A report stored as unclaimed while its
/// domain was being claimed moves to the claiming account at once (see <see cref="UnclaimedReports"/>).
/// Each stored report's (domain, day) pairs are marked for the rollup (<see cref="IRollupMarks"/>), and its
/// source IPs are queued for classification (<see cref="SenderLookupBatch"/>).
/// </summary>
public sealed partial class ReportIngestion(
    IOptions<ReportLimits> limits,
    IDocumentStore documents,
    IInboundReceipts receipts,
    IReportStore reports,
    IMonitoredDomains domains,
    IStorageFaults faults,
    ISenderLookupDispatcher senderLookups,
    IOptions<SenderLookupOptions> lookupOptions,
    IRollupMarks rollupMarks,
    TimeProvider time,
    ILogger<ReportIngestion> logger)
{
    /// <summary>How far a report's range may begin after it arrived (a receiver's clock may be off); later, it is quarantined.</summary>
    public static readonly TimeSpan AheadAllowed = TimeSpan.FromDays(1);

    /// <summary>Reads the inbound document by name (once) and ingests it; null when it is gone.</summary>
    public async Task<IngestionOutcome?> IngestAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var inbound = await documents.ReadInboundAsync(name, limits.Value.MaxCompressedBytes, cancellationToken);
        return inbound is null ? null : await IngestAsync(name, inbound, cancellationToken);
    }

    /// <summary>
    /// Ingests an inbound document whose content was already read (by the Functions host, which
    /// sends a blob's bytes with the trigger); content null means it was over the size limit.
    /// </summary>
    public async Task<IngestionOutcome> IngestAsync(string name, InboundContent inbound, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inbound);
        var bounds = limits.Value;
        var content = inbound.Content is { } bytes && bytes.LongLength > bounds.MaxCompressedBytes ? null : inbound.Content;
        var head = content is null ? [] : content.AsSpan(0, Math.Min(content.Length, ReportFormatSniffer.HeadLength));
        var receipt = new InboundReceipt(name, inbound.Size, ReportFormatSniffer.Detect(head), time.GetUtcNow());
        using var activity = DmarcTelemetry.Source.StartActivity("ingest report");
        activity?.SetTag("dmarc.document.size", receipt.Size);
        activity?.SetTag("dmarc.document.format", receipt.Format.ToString());
        try
        {
            var outcome = await StoreAsync(receipt, content, cancellationToken);
            activity?.SetTag("dmarc.reports", outcome.Reports.Count);
            return outcome;
        }
        catch (Exception ex) when (faults.Permanent(ex) is { } code)
        {
            LogRefused(name, code, ex);
            return await QuarantineAsync(receipt, $"Storage refused {name}: {code}. Retrying cannot fix this; the document was kept here instead.", cancellationToken, QuarantineKind.StorageRefused);
        }
    }

    private async Task<IngestionOutcome> StoreAsync(InboundReceipt receipt, byte[]? content, CancellationToken cancellationToken)
    {
        var name = receipt.Name;
        var bounds = limits.Value;
        await receipts.UpsertAsync(receipt, cancellationToken);
        if (content is null)
        {
            return await QuarantineAsync(receipt, $"{name} is {receipt.Size} bytes, over the limit of {bounds.MaxCompressedBytes}.", cancellationToken, QuarantineKind.TooLarge);
        }

        IReadOnlyList<AggregateReport> parsed;
        try
        {
            using var parsing = DmarcTelemetry.Source.StartActivity("parse");
            parsed = ReportParser.Parse(content, bounds, name).Select(WithNormalDomain).ToArray();
        }
        catch (ReportFormatException ex)
        {
            return await QuarantineAsync(receipt, ex.Message, cancellationToken);
        }

        if (parsed.FirstOrDefault(r => r.Begin > receipt.ReceivedAt + AheadAllowed) is { } ahead)
        {
            return await QuarantineAsync(
                receipt,
                $"report_metadata/date_range/begin: {ahead.Begin:O} is more than a day after the report arrived ({receipt.ReceivedAt:O}); a receiver reports mail it has seen.",
                cancellationToken,
                QuarantineKind.AheadOfArrival);
        }

        var archive = await ArchiveAsync(content, cancellationToken);
        var stored = new List<StoredReport>();
        foreach (var report in parsed)
        {
            using var storing = DmarcTelemetry.Source.StartActivity("store report rows");
            storing?.SetTag("dmarc.records", report.Records.Count);
            var owner = await domains.GetAsync(report.Policy.Domain, cancellationToken);
            var entry = new StoredReport(ReportKeys.For(report), owner?.AccountId ?? StoredReport.Unclaimed, report, archive, time.GetUtcNow());
            var contributions = DailyBuckets.Split(report);
            await reports.SaveAsync(entry, contributions, cancellationToken);
            // After the contributions, so a rollup that reads this mark also reads them (a late report counts on its own days).
            await rollupMarks.MarkAsync(contributions.Select(c => c.Day).Distinct().Select(day => new RollupMark(report.Policy.Domain, day, entry.Key)).ToArray(), cancellationToken);
            // Reverse DNS and classification happen in the queue worker, never here (PRODUCT.md §3).
            await senderLookups.EnqueueAsync(SenderLookupBatch.For(contributions, lookupOptions.Value.BatchSize), cancellationToken);
            if (owner is null && await domains.GetAsync(report.Policy.Domain, cancellationToken) is { } claimed)
            {
                // Claimed while this report was being stored: the claim's move may have run before it existed.
                await reports.MoveAsync(entry.Key, StoredReport.Unclaimed, claimed.AccountId, cancellationToken);
                entry = entry with { AccountId = claimed.AccountId };
            }

            stored.Add(entry);
            storing?.SetTag("dmarc.contributions", contributions.Count);
            LogStored(name, report.OrgName, report.ReportId, report.Policy.Domain, entry.AccountId, report.Records.Count);
        }

        await documents.DeleteInboundAsync(name, cancellationToken);
        DmarcTelemetry.DocumentsIngested.Add(1, DmarcTelemetry.Tag("format", receipt.Format.ToString()));
        DmarcTelemetry.Records.Add(parsed.Sum(r => (long)r.Records.Count));
        return new IngestionOutcome(receipt, stored, null);
    }

    private async Task<string> ArchiveAsync(byte[] content, CancellationToken cancellationToken)
    {
        using var archiving = DmarcTelemetry.Source.StartActivity("archive");
        return await documents.ArchiveAsync(content, cancellationToken);
    }

    /// <summary>
    /// Moves a document the Functions host gave up on (every attempt failed; the host leaves it in
    /// inbound and names it on its blob poison queue) to quarantine with the reason, where the
    /// quarantine API lists it and can retry it. Null when it is no longer in inbound.
    /// </summary>
    public async Task<QuarantinedDocument?> QuarantineGivenUpAsync(string name, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var inbound = await documents.ReadInboundAsync(name, 0, cancellationToken);
        if (inbound is null)
        {
            return null;
        }

        var receipt = new InboundReceipt(name, inbound.Size, ReportFormat.Unknown, time.GetUtcNow());
        return (await QuarantineAsync(receipt, reason, cancellationToken, QuarantineKind.GivenUp)).Quarantined;
    }

    private async Task<IngestionOutcome> QuarantineAsync(
        InboundReceipt receipt, string reason, CancellationToken cancellationToken, QuarantineKind kind = QuarantineKind.NotAReport)
    {
        var document = new QuarantinedDocument("q_" + Guid.NewGuid().ToString("N")[..20], receipt.Name, reason, receipt.Size, time.GetUtcNow(), kind);
        await documents.QuarantineAsync(document, cancellationToken);
        await documents.DeleteInboundAsync(receipt.Name, cancellationToken);
        DmarcTelemetry.Rejections.Add(1, DmarcTelemetry.Tag("reason", kind.ToString()));
        System.Diagnostics.Activity.Current?.SetTag("dmarc.quarantined", kind.ToString());
        LogQuarantined(receipt.Name, reason);
        return new IngestionOutcome(receipt, [], document);
    }

    /// <summary>The report with its policy domain in normal form; a domain that is not a valid name is a format error.</summary>
    internal static AggregateReport WithNormalDomain(AggregateReport report)
    {
        var domain = DnsNames.Normalize(report.Policy.Domain);
        if (domain is null || !domain.Contains('.', StringComparison.Ordinal))
        {
            throw new ReportFormatException(
                $"The report {Printable(report.ReportId)} from {Printable(report.OrgName)} has the policy domain '{Printable(report.Policy.Domain)}', which is not a valid domain name.");
        }

        return domain == report.Policy.Domain ? report : report with { Policy = report.Policy with { Domain = domain } };
    }

    /// <summary>Text for a reason: control characters shown as \uXXXX, at most 200 characters.</summary>
    private static string Printable(string? text)
    {
        var shown = string.Concat((text ?? "").Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
        return shown.Length <= 200 ? shown : shown[..200] + "…";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Name}: storage refused it ({Code}); quarantined, not retried")]
    private partial void LogRefused(string name, string code, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: report {ReportId} from {OrgName} for {Domain} stored for {AccountId} ({Records} records)")]
    private partial void LogStored(string name, string orgName, string reportId, string domain, string accountId, int records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name} quarantined: {Reason}")]
    private partial void LogQuarantined(string name, string reason);
}
