using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Senders;

namespace Dmarc.Adapters.Senders;

/// <summary>The per-IP cache of reverse DNS, country and ASN (table <c>ipfacts</c>, partition = the encoded IP).</summary>
public sealed class TableIpFactsCache(TableServiceClient tables, StorageNames names) : IIpFactsCache
{
    private const string Row = "facts";
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.IpFacts));

    public async Task<IpFacts?> GetAsync(string ip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ip);
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(ip), Row, cancellationToken: cancellationToken);
        return found.HasValue ? IpFactsColumns.Read(ip, found.Value!) : null;
    }

    public async Task PutAsync(IpFacts facts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var entity = new TableEntity(TableKeys.Encode(facts.Ip), Row) { ["Ip"] = TableText.Bound(facts.Ip, IpFactsColumns.MaxIpChars) };
        IpFactsColumns.Write(entity, facts);
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }
}
