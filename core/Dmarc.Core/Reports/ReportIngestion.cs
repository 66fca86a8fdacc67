using Dmarc.Core.Ingestion;
using Dmarc.Core.Monitoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Reports;

/// <summary>What became of one inbound document, with the receipt of what it was.</summary>
public sealed record IngestionOutcome(InboundReceipt Receipt, IReadOnlyList<StoredReport> Reports, QuarantinedDocument? Quarantined);

/// <summary>
/// Ingests one inbound document: record its receipt (name, size, format), parse, archive the raw bytes, route each report to the account
/// that monitors its domain (or unclaimed), store header and daily contributions keyed by
/// report, and only then delete it from inbound. Unparseable input goes to quarantine with the
/// reason. Any storage failure leaves the document in inbound to be tried again; the retry
/// writes the same rows. A report stored as unclaimed while its domain was being claimed moves to
/// the claiming account at once (see <see cref="UnclaimedReports"/>).
/// </summary>
public sealed partial class ReportIngestion(
    IOptions<ReportLimits> limits,
    IDocumentStore documents,
    IInboundReceipts receipts,
    IReportStore reports,
    IMonitoredDomains domains,
    TimeProvider time,
    ILogger<ReportIngestion> logger)
{
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
        await receipts.UpsertAsync(receipt, cancellationToken);
        if (content is null)
        {
            return await QuarantineAsync(receipt, $"{name} is {inbound.Size} bytes, over the limit of {bounds.MaxCompressedBytes}.", cancellationToken);
        }

        IReadOnlyList<AggregateReport> parsed;
        try
        {
            parsed = ReportParser.Parse(content, bounds, name);
        }
        catch (ReportFormatException ex)
        {
            return await QuarantineAsync(receipt, ex.Message, cancellationToken);
        }

        var archive = await documents.ArchiveAsync(content, cancellationToken);
        var stored = new List<StoredReport>();
        foreach (var report in parsed)
        {
            var owner = await domains.GetAsync(report.Policy.Domain, cancellationToken);
            var entry = new StoredReport(ReportKeys.For(report), owner?.AccountId ?? StoredReport.Unclaimed, report, archive, time.GetUtcNow());
            await reports.SaveAsync(entry, DailyBuckets.Split(report), cancellationToken);
            if (owner is null && await domains.GetAsync(report.Policy.Domain, cancellationToken) is { } claimed)
            {
                // Claimed while this report was being stored: the claim's move may have run before it existed.
                await reports.MoveAsync(entry.Key, StoredReport.Unclaimed, claimed.AccountId, cancellationToken);
                entry = entry with { AccountId = claimed.AccountId };
            }

            stored.Add(entry);
            LogStored(name, report.OrgName, report.ReportId, report.Policy.Domain, entry.AccountId, report.Records.Count);
        }

        await documents.DeleteInboundAsync(name, cancellationToken);
        return new IngestionOutcome(receipt, stored, null);
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
        return (await QuarantineAsync(receipt, reason, cancellationToken)).Quarantined;
    }

    private async Task<IngestionOutcome> QuarantineAsync(InboundReceipt receipt, string reason, CancellationToken cancellationToken)
    {
        var document = new QuarantinedDocument("q_" + Guid.NewGuid().ToString("N")[..20], receipt.Name, reason, receipt.Size, time.GetUtcNow());
        await documents.QuarantineAsync(document, cancellationToken);
        await documents.DeleteInboundAsync(receipt.Name, cancellationToken);
        LogQuarantined(receipt.Name, reason);
        return new IngestionOutcome(receipt, [], document);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: report {ReportId} from {OrgName} for {Domain} stored for {AccountId} ({Records} records)")]
    private partial void LogStored(string name, string orgName, string reportId, string domain, string accountId, int records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name} quarantined: {Reason}")]
    private partial void LogQuarantined(string name, string reason);
}
