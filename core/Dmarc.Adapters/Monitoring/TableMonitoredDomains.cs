using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Monitoring;

namespace Dmarc.Adapters.Monitoring;

/// <summary>Monitored domains: partition = the encoded domain (one account per domain).</summary>
public sealed class TableMonitoredDomains(TableServiceClient tables, StorageNames names) : IMonitoredDomains
{
    private const string Row = "domain";
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.MonitoredDomains));

    public async Task<MonitoredDomain?> GetAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(domain), Row, cancellationToken: cancellationToken);
        return row.HasValue
            ? new MonitoredDomain(domain, row.Value!.GetString("AccountId"), row.Value.GetString("CreatedRecord"), row.Value.GetDateTimeOffset("Since") ?? default)
            : null;
    }

    public Task UpsertAsync(MonitoredDomain domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return _table.UpsertEntityAsync(new TableEntity(TableKeys.Encode(domain.Domain), Row)
        {
            ["AccountId"] = domain.AccountId,
            ["CreatedRecord"] = domain.CreatedRecord,
            ["Since"] = domain.Since,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> TryClaimAsync(MonitoredDomain domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        try
        {
            await _table.AddEntityAsync(new TableEntity(TableKeys.Encode(domain.Domain), Row)
            {
                ["AccountId"] = domain.AccountId,
                ["CreatedRecord"] = domain.CreatedRecord,
                ["Since"] = domain.Since,
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return (await GetAsync(domain.Domain, cancellationToken))?.AccountId == domain.AccountId;
        }
    }

    public async Task<IReadOnlyList<MonitoredDomain>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<MonitoredDomain>();
        await foreach (var row in _table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (row.GetString("AccountId") is { Length: > 0 } accountId)
            {
                list.Add(new MonitoredDomain(row.PartitionKey, accountId, row.GetString("CreatedRecord"), row.GetDateTimeOffset("Since") ?? default));
            }
        }

        return list.OrderBy(d => d.Domain, StringComparer.Ordinal).ToArray();
    }

    public async Task<IReadOnlyList<MonitoredDomain>> ListAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var list = new List<MonitoredDomain>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"AccountId eq {accountId}"), cancellationToken: cancellationToken))
        {
            list.Add(new MonitoredDomain(row.PartitionKey, accountId, row.GetString("CreatedRecord"), row.GetDateTimeOffset("Since") ?? default));
        }

        return list.OrderBy(d => d.Domain, StringComparer.Ordinal).ToArray();
    }

    public Task RemoveAsync(string domain, CancellationToken cancellationToken = default) =>
        _table.DeleteEntityAsync(TableKeys.Encode(domain), Row, ETag.All, cancellationToken);
}
