using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Notifications;

namespace Dmarc.Adapters.Monitoring;

/// <summary>The notification centre: partition = account, newest first; the row is fixed by time and id, so adding again replaces.</summary>
public sealed class TableNotificationStore(TableServiceClient tables, StorageNames names) : INotificationStore
{
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.Notifications));

    public Task AddAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return _table.UpsertEntityAsync(new TableEntity(notification.AccountId, TableAuditLog.NewestFirstKey(notification.CreatedAt, notification.Id))
        {
            ["Id"] = notification.Id,
            ["Kind"] = notification.Kind,
            ["Title"] = TableText.Bound(notification.Title),
            ["Body"] = TableText.Bound(notification.Body),
            ["Link"] = notification.Link?.ToString(),
            ["CreatedAt"] = notification.CreatedAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<Notification>> ListAsync(string accountId, int max, CancellationToken cancellationToken = default)
    {
        var rows = await TablePages.FirstAsync(
            _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {accountId}"), maxPerPage: Math.Clamp(max, 1, 1000), cancellationToken: cancellationToken), max, cancellationToken);
        return rows.Select(e => ToNotification(accountId, e)).ToArray();
    }

    private static Notification ToNotification(string accountId, TableEntity e)
    {
        var link = e.GetString("Link");
        return new Notification(e.GetString("Id"), accountId, e.GetString("Kind"), e.GetString("Title"), e.GetString("Body"), link is null ? null : new Uri(link), e.GetDateTimeOffset("CreatedAt") ?? default);
    }
}
