using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Alerts;

namespace Dmarc.Adapters.Alerts;

/// <summary>Alert markers: partition = account, row = SHA-256 of the marker key (keys hold addresses and domains); inserted once.</summary>
public sealed class TableAlertMarkers(TableServiceClient tables, StorageNames names) : IAlertMarkers
{
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.AlertMarkers));

    public async Task<bool> ExistsAsync(string accountId, string key, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(accountId), Row(key), ["PartitionKey"], cancellationToken);
        return found.HasValue;
    }

    public async Task<bool> TryAddAsync(string accountId, string key, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(TableKeys.Encode(accountId), Row(key))
            {
                ["Key"] = TableText.Bound(key),
                ["FiredAt"] = at,
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private static string Row(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
