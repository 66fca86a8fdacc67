using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Alerts;

namespace Dmarc.Adapters.Alerts;

/// <summary>Security settings: partition = account; row "account" for the account, "user|&lt;address&gt;" per user.</summary>
public sealed class TableAccountSecurity(TableServiceClient tables, StorageNames names) : IAccountSecurityStore
{
    private const string AccountRow = "account";
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.AccountSecurity));

    public async Task<AccountSecurity?> GetAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(accountId), AccountRow, cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } e
            ? new AccountSecurity(e.GetBoolean("MfaRequired") ?? false, e.GetString("SsoProvider"), e.GetDateTimeOffset("ChangedAt") ?? default)
            : null;
    }

    public Task PutAsync(string accountId, AccountSecurity security, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(security);
        return _table.UpsertEntityAsync(new TableEntity(TableKeys.Encode(accountId), AccountRow)
        {
            ["MfaRequired"] = security.MfaRequired,
            ["SsoProvider"] = TableText.Bound(security.SsoProvider),
            ["ChangedAt"] = security.ChangedAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool?> GetUserMfaAsync(string accountId, string email, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(accountId), UserRow(email), cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } e ? e.GetBoolean("MfaEnabled") : null;
    }

    public Task PutUserMfaAsync(string accountId, string email, bool enabled, CancellationToken cancellationToken = default) =>
        _table.UpsertEntityAsync(new TableEntity(TableKeys.Encode(accountId), UserRow(email)) { ["MfaEnabled"] = enabled }, TableUpdateMode.Replace, cancellationToken);

    private static string UserRow(string email) => "user" + TableKeys.Separator + TableKeys.Encode(email.ToLowerInvariant());
}
