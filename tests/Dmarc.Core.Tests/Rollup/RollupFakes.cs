using System.Collections.Concurrent;
using System.Net;
using Dmarc.Core.IpData;
using Dmarc.Core.Reports;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;

namespace Dmarc.Core.Tests.Rollup;

/// <summary>Marks in memory with a version per row, cleared only at the version read (as the table adapter does).</summary>
internal sealed class InMemoryRollupMarks : IRollupMarks
{
    private int _version;

    public ConcurrentDictionary<RollupMark, int> Rows { get; } = new();

    /// <summary>Runs after each <see cref="PendingAsync"/>, before the caller works: a report landing mid-run.</summary>
    public Action? AfterRead { get; set; }

    public Task MarkAsync(IReadOnlyCollection<RollupMark> marks, CancellationToken cancellationToken = default)
    {
        foreach (var mark in marks)
        {
            Rows[mark] = Interlocked.Increment(ref _version);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PendingMark>> PendingAsync(int max, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<PendingMark> read = [.. Rows.Take(max).Select(r => new PendingMark(r.Key, r.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
        AfterRead?.Invoke();
        return Task.FromResult(read);
    }

    public Task ClearAsync(IReadOnlyList<PendingMark> marks, CancellationToken cancellationToken = default)
    {
        foreach (var mark in marks)
        {
            Rows.TryRemove(new KeyValuePair<RollupMark, int>(mark.Mark, int.Parse(mark.Version, System.Globalization.CultureInfo.InvariantCulture)));
        }

        return Task.CompletedTask;
    }
}

internal sealed class InMemoryRollupStore : IRollupStore
{
    public ConcurrentDictionary<(string Domain, DateOnly Day), DailySummary> Days { get; } = new();

    public int Writes;

    public Task PutDayAsync(DailySummary summary, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Writes);
        Days[(summary.Domain, summary.Day)] = summary;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DailySummary>> DaysAsync(string domain, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DailySummary>>([.. Days.Values.Where(d => d.Domain == domain && d.Day >= firstDay && d.Day <= lastDay).OrderBy(d => d.Day)]);
}

/// <summary>A lease another holder can be made to hold.</summary>
internal sealed class InMemoryRollupLease : IRollupLease
{
    public bool HeldElsewhere { get; set; }

    public int Acquired { get; private set; }

    public int Released { get; private set; }

    public Task<RollupLeaseHandle?> TryAcquireAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        if (HeldElsewhere)
        {
            return Task.FromResult<RollupLeaseHandle?>(null);
        }

        Acquired++;
        return Task.FromResult<RollupLeaseHandle?>(new RollupLeaseHandle("me", "1"));
    }

    public Task<RollupLeaseHandle?> RenewAsync(RollupLeaseHandle handle, TimeSpan duration, CancellationToken cancellationToken = default) => Task.FromResult<RollupLeaseHandle?>(handle);

    public Task ReleaseAsync(RollupLeaseHandle handle, CancellationToken cancellationToken = default)
    {
        Released++;
        return Task.CompletedTask;
    }
}

internal sealed class InMemoryContributions : IContributionLookup
{
    public ConcurrentBag<Contribution> Rows { get; } = [];

    public int DaysRead;

    public Task<Contribution?> GetAsync(string domain, DateOnly day, string reportKey, string sourceIp, CancellationToken cancellationToken = default) =>
        Task.FromResult(Rows.FirstOrDefault(r => r.PolicyDomain == domain && r.Day == day && r.ReportKey == reportKey && r.SourceIp == sourceIp));

    public Task<IReadOnlyList<Contribution>> RangeAsync(string domain, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default)
    {
        Interlocked.Add(ref DaysRead, lastDay.DayNumber - firstDay.DayNumber + 1);
        return Task.FromResult<IReadOnlyList<Contribution>>([.. Rows.Where(r => r.PolicyDomain == domain && r.Day >= firstDay && r.Day <= lastDay)]);
    }
}

internal sealed class InMemoryClassifications : ISenderClassifications
{
    public ConcurrentDictionary<(string Domain, string Ip), SenderClassification> Rows { get; } = new();

    public Task<SenderClassification> UpdateAsync(string domain, string ip, Func<SenderClassification?, SenderClassification> update, CancellationToken cancellationToken = default) =>
        Task.FromResult(Rows[(domain, ip)] = update(Rows.GetValueOrDefault((domain, ip))));

    public Task<IReadOnlyList<SenderClassification>> ListAsync(string domain, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SenderClassification>>([.. Rows.Values.Where(r => r.Domain == domain)]);

    public Task<IReadOnlyList<SenderClassification>> ListOutdatedAsync(string version, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SenderClassification>>([.. Rows.Values.Where(r => r.CatalogueVersion != version).Take(max)]);

    public void Put(string domain, string ip, SenderClass kind, string senderId, string name, string? country = null) =>
        Rows[(domain, ip)] = new SenderClassification(domain, ip, kind, senderId, name, null, null,
            new IpFacts(ip, ReverseDnsResult.None, country, null, null, default), new IpSenderEvidence([], [], false), default);
}

internal sealed class CountryByPrefix : IIpIntelligence
{
    public IpInfo Lookup(IPAddress address) => address.ToString().StartsWith("192.0.2.", StringComparison.Ordinal) ? IpInfo.None with { Country = "NL" } : IpInfo.None;
}
