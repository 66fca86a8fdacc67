using Dmarc.Core.Reports;

namespace Dmarc.Core.Senders;

/// <summary>Port: reverse DNS of an address with forward confirmation (DnsClient in production).</summary>
public interface IReverseDns
{
    /// <summary>Never throws for DNS failures: a timeout or server failure is <see cref="ReverseDnsStatus.Failed"/>.</summary>
    Task<ReverseDnsResult> LookupAsync(string ip, CancellationToken cancellationToken = default);
}

/// <summary>Port: the per-IP cache of <see cref="IpFacts"/> (a table).</summary>
public interface IIpFactsCache
{
    Task<IpFacts?> GetAsync(string ip, CancellationToken cancellationToken = default);

    Task PutAsync(IpFacts facts, CancellationToken cancellationToken = default);
}

/// <summary>Port: classifications per (domain, IP).</summary>
public interface ISenderClassifications
{
    /// <summary>
    /// Reads the stored classification (null if none), lets <paramref name="update"/> make the new
    /// one, and writes it only if nobody wrote in between; otherwise reads and tries again.
    /// </summary>
    Task<SenderClassification> UpdateAsync(string domain, string ip, Func<SenderClassification?, SenderClassification> update, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SenderClassification>> ListAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> classifications (of any domain) not made by catalogue <paramref name="version"/>.</summary>
    Task<IReadOnlyList<SenderClassification>> ListOutdatedAsync(string version, int max, CancellationToken cancellationToken = default);
}

/// <summary>Port: the queue ingestion feeds and the lookup worker reads.</summary>
public interface ISenderLookupDispatcher
{
    Task EnqueueAsync(IReadOnlyList<SenderLookupBatch> batches, CancellationToken cancellationToken = default);
}

/// <summary>Port: contribution rows read for sender intelligence.</summary>
public interface IContributionLookup
{
    /// <summary>One row by its key; null when the report has no messages from that IP on that day.</summary>
    Task<Contribution?> GetAsync(string domain, DateOnly day, string reportKey, string sourceIp, CancellationToken cancellationToken = default);

    /// <summary>Every row of a domain from <paramref name="firstDay"/> to <paramref name="lastDay"/>, both included.</summary>
    Task<IReadOnlyList<Contribution>> RangeAsync(string domain, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default);
}
