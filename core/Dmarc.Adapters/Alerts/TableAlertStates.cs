using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Alerts;

namespace Dmarc.Adapters.Alerts;

/// <summary>The rollup evaluators' last states: partition = account, row = SHA-256 of the key (keys hold domains and sender ids); replaced whole.</summary>
public sealed class TableAlertStates(TableServiceClient tables, StorageNames names) : IAlertStates
{
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.AlertStates));

    public async Task<string?> GetAsync(string accountId, string key, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(accountId), Row(key), ["State"], cancellationToken);
        return found.HasValue ? found.Value!.GetString("State") : null;
    }

    public Task PutAsync(string accountId, string key, string state, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(state.Length, IAlertStates.MaxLength);
        return _table.UpsertEntityAsync(new TableEntity(TableKeys.Encode(accountId), Row(key))
        {
            ["Key"] = TableText.Bound(key),
            ["State"] = state,
            ["At"] = at,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    private static string Row(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
