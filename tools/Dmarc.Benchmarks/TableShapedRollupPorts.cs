using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Dmarc.Core.IpData;
using Dmarc.Core.Reports;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;

namespace Dmarc.Benchmarks;

/// <summary>
/// The round trips and rows a run costs against Table Storage, counted by the in-memory ports below:
/// a query is one call per page of up to 1,000 rows (the service's page size), a write or delete one
/// call per entity or per batch of up to 100 in a partition.
/// </summary>
internal sealed class StorageCalls
{
    private long _calls;
    private long _rows;

    public long Calls => Interlocked.Read(ref _calls);

    public long Rows => Interlocked.Read(ref _rows);

    public void Query(int rows)
    {
        Interlocked.Add(ref _calls, Math.Max(1, (rows + 999) / 1000));
        Interlocked.Add(ref _rows, rows);
    }

    public void Write(int entities, int perCall = 1) => Interlocked.Add(ref _calls, Math.Max(1, (entities + perCall - 1) / perCall));

    public void Reset() => (_calls, _rows) = (0, 0);
}

/// <summary>
/// The rollup's ports in memory, each keyed by partition the way the table adapters are, so a read
/// touches only its partition as a Table Storage query does (Azurite instead scans the whole table per
/// query). Used for the full-scale run that Azurite cannot hold; every call is counted in <see cref="StorageCalls"/>.
/// </summary>
internal sealed class TableShapedRollupPorts(StorageCalls calls) : IRollupMarks, IRollupStore, IRollupLease, IRollupRuns, IContributionLookup, ISenderClassifications, IIpIntelligence
{
    private readonly ConcurrentDictionary<RollupMark, long> _marks = new();
    private readonly ConcurrentDictionary<(string Domain, DateOnly Day), ConcurrentBag<Contribution>> _contributions = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<DateOnly, DailySummary>> _summaries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, SenderClassification>> _classes = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>Seeds a report's rows for one (domain, day) and marks the pair, as ingestion does (one batch and one mark write).</summary>
    public void Ingest(string reportKey, string domain, DateOnly day, IEnumerable<Contribution> rows)
    {
        var bag = _contributions.GetOrAdd((domain, day), _ => []);
        var count = 0;
        foreach (var row in rows)
        {
            bag.Add(row);
            count++;
        }

        calls.Write(count, 100);
        _marks[new RollupMark(domain, day, reportKey)] = Interlocked.Increment(ref _version);
        calls.Write(1);
    }

    public void Classify(SenderClassification classification) =>
        _classes.GetOrAdd(classification.Domain, _ => new(StringComparer.Ordinal))[classification.Ip] = classification;

    public Task MarkAsync(IReadOnlyCollection<RollupMark> marks, CancellationToken cancellationToken = default)
    {
        foreach (var mark in marks)
        {
            _marks[mark] = Interlocked.Increment(ref _version);
        }

        CountBatches(marks.Select(m => m.Domain));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PendingMark>> PendingAsync(int max, CancellationToken cancellationToken = default)
    {
        // Table order: partition (domain), then row (day, source), as the marks table returns them.
        IReadOnlyList<PendingMark> read = [.. _marks.OrderBy(m => m.Key.Domain, StringComparer.Ordinal).ThenBy(m => m.Key.Day).ThenBy(m => m.Key.Source, StringComparer.Ordinal).Take(max).Select(m => new PendingMark(m.Key, m.Value.ToString(CultureInfo.InvariantCulture)))];
        calls.Query(read.Count);
        return Task.FromResult(read);
    }

    public Task ClearAsync(IReadOnlyList<PendingMark> marks, CancellationToken cancellationToken = default)
    {
        foreach (var mark in marks)
        {
            _marks.TryRemove(new KeyValuePair<RollupMark, long>(mark.Mark, long.Parse(mark.Version, CultureInfo.InvariantCulture)));
        }

        CountBatches(marks.Select(m => m.Mark.Domain));
        return Task.CompletedTask;
    }

    public Task PutDayAsync(DailySummary summary, CancellationToken cancellationToken = default)
    {
        _summaries.GetOrAdd(summary.Domain, _ => new())[summary.Day] = summary;
        calls.Write(1);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DailySummary>> DaysAsync(string domain, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DailySummary> days = _summaries.TryGetValue(domain, out var byDay)
            ? [.. byDay.Where(d => d.Key >= firstDay && d.Key <= lastDay).OrderBy(d => d.Key).Select(d => d.Value)]
            : [];
        calls.Query(days.Count);
        return Task.FromResult(days);
    }

    public Task<IReadOnlyList<Contribution>> RangeAsync(string domain, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default)
    {
        var rows = new List<Contribution>();
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            if (_contributions.TryGetValue((domain, day), out var bag))
            {
                rows.AddRange(bag);
            }
        }

        calls.Query(rows.Count);
        return Task.FromResult<IReadOnlyList<Contribution>>(rows);
    }

    public Task<Contribution?> GetAsync(string domain, DateOnly day, string reportKey, string sourceIp, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the rollup does not read single contributions");

    public Task<IReadOnlyList<SenderClassification>> ListAsync(string domain, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<SenderClassification> list = _classes.TryGetValue(domain, out var byIp) ? [.. byIp.Values] : [];
        calls.Query(list.Count);
        return Task.FromResult(list);
    }

    public Task<SenderClassification> UpdateAsync(string domain, string ip, Func<SenderClassification?, SenderClassification> update, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the rollup does not classify");

    public Task<IReadOnlyList<SenderClassification>> ListOutdatedAsync(string version, int max, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the rollup does not classify");

    public Task<RollupLeaseHandle?> TryAcquireAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        calls.Write(1);
        return Task.FromResult<RollupLeaseHandle?>(new RollupLeaseHandle("bench", "1"));
    }

    public Task<RollupLeaseHandle?> RenewAsync(RollupLeaseHandle handle, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        calls.Write(1);
        return Task.FromResult<RollupLeaseHandle?>(handle);
    }

    public Task ReleaseAsync(RollupLeaseHandle handle, CancellationToken cancellationToken = default)
    {
        calls.Write(1);
        return Task.CompletedTask;
    }

    public Task AddAsync(RollupRun run, CancellationToken cancellationToken = default)
    {
        calls.Write(1);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RollupRun>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RollupRun>>([]);

    /// <summary>Writes of marks go in batches of up to 100 per partition (the domain).</summary>
    private void CountBatches(IEnumerable<string> partitions)
    {
        foreach (var partition in partitions.GroupBy(p => p, StringComparer.Ordinal))
        {
            calls.Write(partition.Count(), 100);
        }
    }

    public IpInfo Lookup(IPAddress address) => new("DE", 64500, "Benchmark Hosting");
}
