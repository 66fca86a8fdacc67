using Dmarc.Core.Dns;

namespace Dmarc.Core.Telemetry;

/// <summary>
/// A DNS provider whose writes are counted in <see cref="DmarcTelemetry.DnsWrites"/> by outcome:
/// written, refused (the provider said no, <see cref="DnsProviderException"/>) or failed (anything else).
/// Reads pass through unchanged.
/// </summary>
public sealed class CountedDnsProvider(IDnsProvider inner, string provider) : IDnsProvider
{
    public bool VerifiesWrites => inner.VerifiesWrites;

    public Task<IReadOnlyList<DnsZone>> ListZonesAsync(string accountId, CancellationToken cancellationToken = default) => inner.ListZonesAsync(accountId, cancellationToken);

    public Task<IReadOnlyList<string>> ListZoneNamesAsync(string accountId, CancellationToken cancellationToken = default) => inner.ListZoneNamesAsync(accountId, cancellationToken);

    public Task<DnsZone?> GetZoneAsync(string accountId, string zone, CancellationToken cancellationToken = default) => inner.GetZoneAsync(accountId, zone, cancellationToken);

    public Task<IReadOnlyList<RecordSet>> ListRecordSetsAsync(string zone, CancellationToken cancellationToken = default) => inner.ListRecordSetsAsync(zone, cancellationToken);

    public Task<IReadOnlyList<RecordSet>> GetRecordSetsAsync(string zone, string name, CancellationToken cancellationToken = default) => inner.GetRecordSetsAsync(zone, name, cancellationToken);

    public Task<ZoneNameRead?> GetZoneAndRecordSetsAsync(string accountId, string zone, string name, CancellationToken cancellationToken = default) =>
        inner.GetZoneAndRecordSetsAsync(accountId, zone, name, cancellationToken);

    public Task CreateZoneAsync(string accountId, DnsZone zone, CancellationToken cancellationToken = default) =>
        CountAsync(() => inner.CreateZoneAsync(accountId, zone, cancellationToken));

    public Task ChangeReadNameAsync(ZoneNameRead read, string type, RecordSet? recordSet, CancellationToken cancellationToken = default) =>
        CountAsync(() => inner.ChangeReadNameAsync(read, type, recordSet, cancellationToken));

    public Task UpsertRecordSetAsync(string zone, RecordSet recordSet, CancellationToken cancellationToken = default) =>
        CountAsync(() => inner.UpsertRecordSetAsync(zone, recordSet, cancellationToken));

    public Task UpsertRecordSetsAsync(string zone, IReadOnlyList<RecordSet> recordSets, CancellationToken cancellationToken = default) =>
        CountAsync(() => inner.UpsertRecordSetsAsync(zone, recordSets, cancellationToken));

    public Task DeleteRecordSetAsync(string zone, string name, string type, CancellationToken cancellationToken = default) =>
        CountAsync(() => inner.DeleteRecordSetAsync(zone, name, type, cancellationToken));

    private async Task CountAsync(Func<Task> write)
    {
        var outcome = "failed";
        try
        {
            await write();
            outcome = "written";
        }
        catch (DnsProviderException)
        {
            outcome = "refused";
            throw;
        }
        finally
        {
            DmarcTelemetry.DnsWrites.Add(1, DmarcTelemetry.Tag("provider", provider), DmarcTelemetry.Tag("outcome", outcome));
        }
    }
}
