using Dmarc.Core.Rollup;
using Microsoft.Extensions.Logging;

namespace Dmarc.Core.Senders;

/// <summary>What one reclassification run did.</summary>
public sealed record ReclassificationRun(string CatalogueVersion, int Reclassified, int Changed, bool More);

/// <summary>
/// After the sender catalogue changes: classifies again what an older catalogue version classified,
/// from the facts and evidence stored with it (no new DNS lookup), at most <see cref="BatchSize"/> per
/// run. Where an IP's sender changes (its id, class or name, all of which the daily summaries carry),
/// every stored day of that domain that counted its old sender is marked first, so the next rollup
/// recomputes it; only then is the classification written with the current version, so a run that
/// fails part-way leaves rows of the old version that the next run takes up again. Running it again
/// finds nothing to do.
/// </summary>
public sealed partial class SenderReclassification(
    ISenderClassifications classifications,
    SenderClassifier classifier,
    SenderCatalogue catalogue,
    IRollupMarks rollupMarks,
    IRollupStore rollups,
    TimeProvider time,
    ILogger<SenderReclassification> logger)
{
    public const int BatchSize = 500;

    public async Task<ReclassificationRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var outdated = await classifications.ListOutdatedAsync(catalogue.Version, BatchSize, cancellationToken);
        var now = time.GetUtcNow();
        var changed = outdated
            .Where(old => Differs(old, classifier.Classify(old.Domain, old.Facts, old.Evidence, now)))
            .ToArray();
        foreach (var domain in changed.GroupBy(c => c.Domain, StringComparer.Ordinal))
        {
            await MarkDaysCountingAsync(domain.Key, domain.Select(c => c.SenderId).ToHashSet(StringComparer.Ordinal), cancellationToken);
        }

        foreach (var old in outdated)
        {
            await classifications.UpdateAsync(
                old.Domain,
                old.Ip,
                stored => stored is null || stored.CatalogueVersion == catalogue.Version
                    ? stored ?? classifier.Classify(old.Domain, old.Facts, old.Evidence, now)
                    : classifier.Classify(stored.Domain, stored.Facts, stored.Evidence, now),
                cancellationToken);
        }

        LogRun(catalogue.Version, outdated.Count, changed.Length);
        return new ReclassificationRun(catalogue.Version, outdated.Count, changed.Length, outdated.Count == BatchSize);
    }

    private static bool Differs(SenderClassification old, SenderClassification next) =>
        (old.SenderId, old.Class, old.SenderName) != (next.SenderId, next.Class, next.SenderName);

    /// <summary>Marks every stored day of <paramref name="domain"/> with one of <paramref name="senderIds"/>.</summary>
    private async Task MarkDaysCountingAsync(string domain, HashSet<string> senderIds, CancellationToken cancellationToken)
    {
        var days = await rollups.DaysAsync(domain, DateOnly.MinValue, DateOnly.MaxValue, cancellationToken);
        var marks = days
            .Where(d => d.Senders.Any(s => senderIds.Contains(s.SenderId)))
            .Select(d => new RollupMark(domain, d.Day, RollupMark.Reclassified))
            .ToArray();
        if (marks.Length > 0)
        {
            await rollupMarks.MarkAsync(marks, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sender catalogue {Version}: {Reclassified} classifications of older versions classified again, {Changed} changed sender")]
    private partial void LogRun(string version, int reclassified, int changed);
}
