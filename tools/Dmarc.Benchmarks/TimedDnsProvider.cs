using System.Diagnostics;
using Dmarc.Core.Dns;

namespace Dmarc.Benchmarks;

/// <summary>Wraps a provider and adds up the time spent waiting on it, across all callers.</summary>
public sealed class TimedDnsProvider(IDnsProvider inner) : IDnsProvider
{
    private long _ticks;
    private long _calls;

    public TimeSpan Waiting => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    public long Calls => Interlocked.Read(ref _calls);

    public bool VerifiesWrites => inner.VerifiesWrites;

    public Task<IReadOnlyList<DnsZone>> ListZonesAsync(string accountId, CancellationToken cancellationToken = default) => Time(() => inner.ListZonesAsync(accountId, cancellationToken));

    public Task<IReadOnlyList<string>> ListZoneNamesAsync(string accountId, CancellationToken cancellationToken = default) => Time(() => inner.ListZoneNamesAsync(accountId, cancellationToken));

    public Task<DnsZone?> GetZoneAsync(string accountId, string zone, CancellationToken cancellationToken = default) => Time(() => inner.GetZoneAsync(accountId, zone, cancellationToken));

    public Task CreateZoneAsync(string accountId, DnsZone zone, CancellationToken cancellationToken = default) => Time(async () => { await inner.CreateZoneAsync(accountId, zone, cancellationToken); return 0; });

    public Task<IReadOnlyList<RecordSet>> ListRecordSetsAsync(string zone, CancellationToken cancellationToken = default) => Time(() => inner.ListRecordSetsAsync(zone, cancellationToken));

    public Task<ZoneNameRead?> GetZoneAndRecordSetsAsync(string accountId, string zone, string name, CancellationToken cancellationToken = default) =>
        Time(() => inner.GetZoneAndRecordSetsAsync(accountId, zone, name, cancellationToken));

    public Task<IReadOnlyList<RecordSet>> GetRecordSetsAsync(string zone, string name, CancellationToken cancellationToken = default) => Time(() => inner.GetRecordSetsAsync(zone, name, cancellationToken));

    public Task UpsertRecordSetAsync(string zone, RecordSet recordSet, CancellationToken cancellationToken = default) => Time(async () => { await inner.UpsertRecordSetAsync(zone, recordSet, cancellationToken); return 0; });

    public Task UpsertRecordSetsAsync(string zone, IReadOnlyList<RecordSet> recordSets, CancellationToken cancellationToken = default) => Time(async () => { await inner.UpsertRecordSetsAsync(zone, recordSets, cancellationToken); return 0; });

    public Task ChangeReadNameAsync(ZoneNameRead read, string type, RecordSet? recordSet, CancellationToken cancellationToken = default) => Time(async () => { await inner.ChangeReadNameAsync(read, type, recordSet, cancellationToken); return 0; });

    public Task DeleteRecordSetAsync(string zone, string name, string type, CancellationToken cancellationToken = default) => Time(async () => { await inner.DeleteRecordSetAsync(zone, name, type, cancellationToken); return 0; });

    public void Reset()
    {
        Interlocked.Exchange(ref _ticks, 0);
        Interlocked.Exchange(ref _calls, 0);
    }

    private async Task<T> Time<T>(Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref _calls);
        }
    }
}
