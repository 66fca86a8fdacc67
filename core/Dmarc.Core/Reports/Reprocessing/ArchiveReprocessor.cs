using System.Text.Json;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Reports.Reprocessing;

/// <summary>
/// Re-derives stored reports from the archive, the source of truth: each archived document of a page
/// is parsed again (streamed, read once) and each of its reports in the scope is compared with what is
/// stored (the report as parsed, its archive name, its daily contributions). Only a report that differs
/// is written again (same key, its account and first ingestion time kept), its days marked for the
/// rollup and its IPs queued for classification, so a second run over the same range writes nothing.
/// </summary>
public sealed partial class ArchiveReprocessor(
    IArchive archive,
    IReportStore reports,
    IMonitoredDomains domains,
    IRollupMarks rollupMarks,
    ISenderLookupDispatcher senderLookups,
    IOptions<SenderLookupOptions> lookupOptions,
    IOptions<ReportLimits> limits,
    IOptions<ReprocessOptions> options,
    TimeProvider time,
    ILogger<ArchiveReprocessor> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ReprocessPage> RunPageAsync(ReprocessScope scope, string? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (names, next) = await archive.ListAsync(cursor, options.Value.PageSize, cancellationToken);
        int reportsSeen = 0, rewritten = 0, unreadable = 0;
        foreach (var name in names)
        {
            var parsed = await ParseAsync(name, cancellationToken);
            if (parsed is null)
            {
                unreadable++;
                continue;
            }

            foreach (var report in parsed)
            {
                var owner = await domains.GetAsync(report.Policy.Domain, cancellationToken);
                var accountId = owner?.AccountId ?? StoredReport.Unclaimed;
                if (!scope.Includes(report, accountId))
                {
                    continue;
                }

                reportsSeen++;
                if (await RederiveAsync(report, accountId, name, scope.DryRun, cancellationToken))
                {
                    rewritten++;
                }
            }
        }

        LogPage(names.Count, reportsSeen, rewritten, scope.DryRun);
        return new ReprocessPage(names.Count, reportsSeen, rewritten, unreadable, next);
    }

    private async Task<IReadOnlyList<AggregateReport>?> ParseAsync(string name, CancellationToken cancellationToken)
    {
        await using var stream = await archive.OpenAsync(name, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        try
        {
            return [.. ReportParser.Parse(stream, limits.Value, name).Select(ReportIngestion.WithNormalDomain)];
        }
        catch (ReportFormatException ex)
        {
            // Archived only after it parsed once: a parser that now refuses it is worth a look, and changes nothing.
            LogUnreadable(name, ex.Message);
            return null;
        }
    }

    /// <summary>True when the stored report differed from the archive's and was (or, in a dry run, would be) written again.</summary>
    private async Task<bool> RederiveAsync(AggregateReport report, string accountId, string archiveName, bool dryRun, CancellationToken cancellationToken)
    {
        var key = ReportKeys.For(report);
        var stored = await reports.GetAsync(accountId, key, cancellationToken);
        var contributions = DailyBuckets.Split(report);
        if (stored is not null && stored.ArchiveName == archiveName && SameReport(stored.Report, report)
            && await SameContributionsAsync(report.Policy.Domain, key, contributions, cancellationToken))
        {
            return false;
        }

        if (dryRun)
        {
            return true;
        }

        var entry = new StoredReport(key, accountId, report, archiveName, stored?.IngestedAt ?? time.GetUtcNow());
        await reports.SaveAsync(entry, contributions, cancellationToken);
        await rollupMarks.MarkAsync(contributions.Select(c => c.Day).Distinct().Select(day => new RollupMark(report.Policy.Domain, day, key)).ToArray(), cancellationToken);
        await senderLookups.EnqueueAsync(SenderLookupBatch.For(contributions, lookupOptions.Value.BatchSize), cancellationToken);
        return true;
    }

    private static bool SameReport(AggregateReport stored, AggregateReport derived) =>
        JsonSerializer.Serialize(stored, Json) == JsonSerializer.Serialize(derived, Json);

    /// <summary>Compared as JSON: a contribution's evidence is a list, which record equality compares by reference.</summary>
    private async Task<bool> SameContributionsAsync(string domain, string key, IReadOnlyList<Contribution> derived, CancellationToken cancellationToken)
    {
        var stored = new List<Contribution>();
        foreach (var day in derived.Select(c => c.Day).Distinct())
        {
            stored.AddRange((await reports.ContributionsAsync(domain, day, cancellationToken)).Where(c => c.ReportKey == key));
        }

        static string[] Shown(IEnumerable<Contribution> rows) => [.. rows.Select(c => JsonSerializer.Serialize(c, Json)).Order(StringComparer.Ordinal)];
        return Shown(stored).SequenceEqual(Shown(derived));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reprocess page: {Documents} archived documents, {Reports} reports in scope, {Rewritten} re-derived (dry run: {DryRun})")]
    private partial void LogPage(int documents, int reports, int rewritten, bool dryRun);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Archived document {Name} no longer parses: {Reason}; left as stored")]
    private partial void LogUnreadable(string name, string reason);
}
