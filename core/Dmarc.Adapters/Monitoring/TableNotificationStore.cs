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
            ["Title"] = notification.Title,
            ["Body"] = notification.Body,
            ["Link"] = notification.Link?.ToString(),
            ["CreatedAt"] = notification.CreatedAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<Notification>> ListAsync(string accountId, int max, CancellationToken cancellationToken = default)
    {
        var list = new List<Notification>();
        await foreach (var e in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {accountId}"), maxPerPage: max, cancellationToken: cancellationToken))
        {
            var link = e.GetString("Link");
            list.Add(new Notification(e.GetString("Id"), accountId, e.GetString("Kind"), e.GetString("Title"), e.GetString("Body"), link is null ? null : new Uri(link), e.GetDateTimeOffset("CreatedAt") ?? default));
            if (list.Count >= max)
            {
                break;
            }
        }

        return list;
    }
}
