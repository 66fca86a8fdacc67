using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Onboarding;

namespace Dmarc.Adapters.Onboarding;

/// <summary>Rate-limit counters: partition = the encoded key, row = the window's start; each count is an ETag-conditional write.</summary>
public sealed class TableRequestCounters(TableServiceClient tables, StorageNames names) : IRequestCounters
{
    private const int MaxAttempts = 20;
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.RequestCounters));

    public async Task<bool> TryCountAsync(string key, DateTimeOffset windowStart, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var partition = TableKeys.Encode(key);
        var row = windowStart.UtcDateTime.ToString("yyyyMMddTHHmmss", CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            try
            {
                if (!current.HasValue)
                {
                    await _table.AddEntityAsync(new TableEntity(partition, row) { ["Count"] = 1, ["WindowStart"] = windowStart }, cancellationToken);
                    return limit >= 1;
                }

                var count = current.Value!.GetInt32("Count") ?? 0;
                if (count >= limit)
                {
                    return false;
                }

                current.Value["Count"] = count + 1;
                await _table.UpdateEntityAsync(current.Value, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another request counted first; read again.
            }
        }

        return false;
    }
}
