using System.Net;
using Dmarc.Core.IpData;
using Dmarc.Core.Rollup;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Senders;

/// <summary>
/// The queue worker's job for one <see cref="SenderLookupBatch"/>: for each IP, the facts (the
/// cached ones while they are fresh, otherwise reverse DNS with forward confirmation plus country
/// and ASN from the offline data, then cached), the evidence of this report's contribution rows
/// merged into what earlier reports said, and the classification, written per (domain, IP).
/// At most <see cref="SenderLookupOptions.MaxConcurrency"/> IPs are worked on at once, and each
/// IP's lookups together are cut off after <see cref="SenderLookupOptions.LookupTimeout"/>.
/// Running a batch again changes nothing: the evidence is a union and the facts come from the cache.
/// <para>
/// When an IP's sender id changes, the rollup's daily summaries that counted it under the old one
/// are marked again (<see cref="IRollupMarks"/>): the batch's days when the IP is classified for the
/// first time as something other than unidentified (until then it counted as unidentified), and every day of the rolling window up to
/// today when an earlier class changes (the IP may have sent on any of them). Days before the window
/// keep the sender they were computed with.
/// </para>
/// </summary>
public sealed partial class SenderLookupService(
    IOptions<SenderLookupOptions> options,
    IReverseDns reverseDns,
    IIpFactsCache cache,
    IIpIntelligence ipData,
    IContributionLookup contributions,
    ISenderClassifications classifications,
    SenderClassifier classifier,
    IRollupMarks rollupMarks,
    TimeProvider time,
    ILogger<SenderLookupService> logger)
{
    public async Task<IReadOnlyList<SenderClassification>> ProcessAsync(SenderLookupBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var settings = options.Value;
        var changes = new Classified[batch.Ips.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, batch.Ips.Count),
            new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => changes[i] = await ClassifyAsync(batch, batch.Ips[i], ct));
        var results = changes.Select(c => c.Result).ToArray();
        await RemarkAsync(batch, changes, cancellationToken);
        var identified = results.Count(r => r.Class != SenderClass.Unidentified);
        LogBatch(batch.Domain, batch.ReportKey, results.Length, identified);
        return results;
    }

    private async Task RemarkAsync(SenderLookupBatch batch, IReadOnlyList<Classified> changes, CancellationToken cancellationToken)
    {
        // Until its first classification an IP counts as unidentified, so becoming unidentified changes nothing.
        var changed = changes.Where(c => (c.Before?.SenderId ?? SenderClassification.UnidentifiedId) != c.Result.SenderId).ToArray();
        if (changed.Length == 0)
        {
            return;
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var window = changed.Any(c => c.Before is not null)
            ? Enumerable.Range(0, RollupWindow.Days).Select(i => today.AddDays(-i))
            : [];
        var days = batch.Days.Concat(window).Distinct().Order().ToArray();
        await rollupMarks.MarkAsync(days.Select(day => new RollupMark(batch.Domain, day, RollupMark.Reclassified)).ToArray(), cancellationToken);
        LogRemarked(batch.Domain, changed.Length, days.Length);
    }

    private sealed record Classified(SenderClassification? Before, SenderClassification Result);

    private async Task<Classified> ClassifyAsync(SenderLookupBatch batch, string ip, CancellationToken cancellationToken)
    {
        var facts = await FactsAsync(ip, cancellationToken);
        var rows = new List<Reports.AuthEvidence>();
        foreach (var day in batch.Days)
        {
            if (await contributions.GetAsync(batch.Domain, day, batch.ReportKey, ip, cancellationToken) is { } row)
            {
                rows.AddRange(row.Evidence);
            }
        }

        var seen = IpSenderEvidence.From(rows);
        SenderClassification? before = null;
        var result = await classifications.UpdateAsync(
            batch.Domain,
            ip,
            stored =>
            {
                before = stored;
                return classifier.Classify(batch.Domain, facts, stored is null ? seen : stored.Evidence.Merge(seen), time.GetUtcNow());
            },
            cancellationToken);
        return new Classified(before, result);
    }

    /// <summary>The cached facts while fresh; otherwise looked up once and cached.</summary>
    public async Task<IpFacts> FactsAsync(string ip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ip);
        var settings = options.Value;
        var now = time.GetUtcNow();
        if (await cache.GetAsync(ip, cancellationToken) is { } cached
            && cached.CheckedAt + (cached.ReverseDns.Status == ReverseDnsStatus.Failed ? settings.FailureTtl : settings.CacheTtl) > now)
        {
            Telemetry.DmarcTelemetry.ReverseDnsLookups.Add(1, Telemetry.DmarcTelemetry.Tag("cache", "hit"));
            return cached;
        }

        Telemetry.DmarcTelemetry.ReverseDnsLookups.Add(1, Telemetry.DmarcTelemetry.Tag("cache", "miss"));

        var info = IPAddress.TryParse(ip, out var address) ? ipData.Lookup(address) : IpInfo.None;
        var reverse = address is null ? ReverseDnsResult.None : await ReverseAsync(ip, settings.LookupTimeout, cancellationToken);
        var facts = new IpFacts(ip, reverse, info.Country, info.Asn, info.AsnOrganisation, now);
        await cache.PutAsync(facts, cancellationToken);
        return facts;
    }

    private async Task<ReverseDnsResult> ReverseAsync(string ip, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await reverseDns.LookupAsync(ip, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimeout(ip, timeout);
            return ReverseDnsResult.Failed;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Classified {Count} IPs of report {ReportKey} for {Domain}; {Identified} identified")]
    private partial void LogBatch(string domain, string reportKey, int count, int identified);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Domain}: {Changed} IPs changed sender; {Days} days marked for the rollup")]
    private partial void LogRemarked(string domain, int changed, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reverse DNS of {Ip} took longer than {Timeout}; kept as failed")]
    private partial void LogTimeout(string ip, TimeSpan timeout);
}
