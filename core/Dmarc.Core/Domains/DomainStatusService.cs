using System.Collections.Concurrent;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Reports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Domains;

/// <summary>
/// The status of an account's domains: from public DNS (bounded by <see cref="DomainStatusOptions.LookupTimeout"/>,
/// a few domains at a time), the owner's mode, and the reports the report store holds.
/// </summary>
public sealed partial class DomainStatusService(
    IMonitoredDomains domains,
    IDmarcDnsLookup dns,
    IDomainModes modes,
    IReportStore reports,
    TimeProvider time,
    IOptions<DomainStatusOptions> options,
    IOptions<MonitoringOptions> monitoring,
    ILogger<DomainStatusService> logger)
{
    /// <summary>A domain that had reports about mail in this window is sending; one without is non-sending.</summary>
    public static readonly TimeSpan SendingWindow = TimeSpan.FromDays(30);

    private const int ReportPage = 1000;

    /// <summary>Every domain of the account (the monitored-domains registry), by name.</summary>
    public async Task<IReadOnlyList<DomainOverview>> ListAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var registered = await domains.ListAsync(accountId, cancellationToken);
        var recent = await RecentReportsAsync(accountId, null, cancellationToken);
        var result = new ConcurrentBag<DomainOverview>();
        await Parallel.ForEachAsync(
            registered,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.LookupsAtOnce, CancellationToken = cancellationToken },
            async (domain, token) => result.Add(await OverviewAsync(domain, recent, token)));
        return [.. result.OrderBy(d => d.Domain, StringComparer.Ordinal)];
    }

    /// <summary>One domain of the account, or null when the account does not monitor it.</summary>
    public async Task<DomainOverview?> GetAsync(string accountId, string domain, CancellationToken cancellationToken = default)
    {
        var registered = await domains.GetAsync(domain, cancellationToken);
        return registered is null || registered.AccountId != accountId
            ? null
            : await OverviewAsync(registered, await RecentReportsAsync(accountId, registered.Domain, cancellationToken), cancellationToken);
    }

    /// <summary>The domain's status from DNS and its mode; Unknown when DNS fails or does not answer in time.</summary>
    public async Task<DomainDnsStatus> StatusAsync(string domain, CancellationToken cancellationToken = default)
    {
        var answer = await LookupAsync(domain, cancellationToken);
        if (answer.Error is { } error)
        {
            LogLookupFailed(domain, error);
        }

        var mode = (await modes.GetAsync(domain, cancellationToken))?.Mode;
        return DomainStatusClassifier.Classify(domain, answer, options.Value.ServiceNameServers, monitoring.Value.ReportingUri, mode);
    }

    private async Task<DmarcDnsAnswer> LookupAsync(string domain, CancellationToken cancellationToken)
    {
        var timeout = options.Value.LookupTimeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await dns.LookupAsync(domain, linked.Token).WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DmarcDnsAnswer.Failed($"no answer within {timeout.TotalSeconds:0.###} s.");
        }
    }

    private async Task<DomainOverview> OverviewAsync(MonitoredDomain domain, IReadOnlyDictionary<string, DateTimeOffset> recent, CancellationToken cancellationToken)
    {
        var status = await StatusAsync(domain.Domain, cancellationToken);
        var sending = recent.TryGetValue(domain.Domain, out var last);
        DateTimeOffset? lastReport = sending ? last : await NewestReportAsync(domain.AccountId, domain.Domain, cancellationToken);
        var configured = status.Status is DomainStatus.Active or DomainStatus.Blocked or DomainStatus.ReportingOnly;
        var reporting = lastReport is not null ? new DomainReporting(ReportingState.Receiving, lastReport)
            : new DomainReporting(
                status.Status == DomainStatus.Unknown ? ReportingState.Unknown : configured ? ReportingState.AwaitingFirstReport : ReportingState.DnsNotConfigured, null);
        return new DomainOverview(domain.Domain, status.Status, status.Detail, status.Policy, status.AtEnforcement, sending, reporting, domain.Since);
    }

    /// <summary>Per domain (of the account, or only the one asked for), when the newest report whose range ends inside the sending window was received.</summary>
    private async Task<IReadOnlyDictionary<string, DateTimeOffset>> RecentReportsAsync(string accountId, string? domain, CancellationToken cancellationToken)
    {
        var newest = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        await foreach (var report in ReadAllAsync(accountId, domain, time.GetUtcNow() - SendingWindow, cancellationToken))
        {
            var name = report.Report.Policy.Domain;
            if (!newest.TryGetValue(name, out var at) || report.IngestedAt > at)
            {
                newest[name] = report.IngestedAt;
            }
        }

        return newest;
    }

    /// <summary>When the newest report of a domain was received, over all time (only asked for domains without recent reports).</summary>
    private async Task<DateTimeOffset?> NewestReportAsync(string accountId, string domain, CancellationToken cancellationToken)
    {
        DateTimeOffset? newest = null;
        await foreach (var report in ReadAllAsync(accountId, domain, null, cancellationToken))
        {
            newest = newest is null || report.IngestedAt > newest ? report.IngestedAt : newest;
        }

        return newest;
    }

    private async IAsyncEnumerable<StoredReport> ReadAllAsync(string accountId, string? domain, DateTimeOffset? since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var (page, next) = await reports.ListAsync(accountId, domain, since, null, ReportPage, continuation, cancellationToken);
            foreach (var report in page)
            {
                yield return report;
            }

            continuation = next;
        }
        while (continuation is not null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The DNS lookup of _dmarc.{Domain} failed, so its status is Unknown: {Error}")]
    private partial void LogLookupFailed(string domain, string error);
}
