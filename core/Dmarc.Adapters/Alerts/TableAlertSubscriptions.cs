using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Alerts;

namespace Dmarc.Adapters.Alerts;

/// <summary>Alert subscriptions: partition = account, row = subscription id; a subscription is at most a few hundred characters.</summary>
public sealed class TableAlertSubscriptions(TableServiceClient tables, StorageNames names) : IAlertSubscriptions
{
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.AlertSubscriptions));

    public Task AddAsync(AlertSubscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return _table.AddEntityAsync(new TableEntity(TableKeys.Encode(subscription.AccountId), TableKeys.Encode(subscription.Id))
        {
            ["Id"] = subscription.Id,
            ["AccountId"] = subscription.AccountId,
            ["Type"] = subscription.Type.ToString(),
            ["Email"] = subscription.Email,
            ["Domain"] = subscription.Domain,
            ["Sender"] = subscription.Sender,
            ["Band"] = subscription.Band?.ToString(),
            ["Percentage"] = subscription.Percentage,
            ["Cadence"] = subscription.Cadence.ToString(),
            ["CreatedAt"] = subscription.CreatedAt,
        }, cancellationToken);
    }

    public Task<IReadOnlyList<AlertSubscription>> ListAsync(string accountId, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(accountId)}"), cancellationToken);

    public Task<IReadOnlyList<AlertSubscription>> ListAllAsync(CancellationToken cancellationToken = default) => QueryAsync(null, cancellationToken);

    private async Task<IReadOnlyList<AlertSubscription>> QueryAsync(string? filter, CancellationToken cancellationToken)
    {
        var list = new List<AlertSubscription>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(new AlertSubscription(
                e.GetString("Id"),
                e.GetString("AccountId"),
                Enum.Parse<AlertType>(e.GetString("Type")),
                e.GetString("Email"),
                e.GetString("Domain"),
                e.GetString("Sender"),
                e.GetString("Band") is { } band ? Enum.Parse<RateBand>(band) : null,
                e.GetInt32("Percentage"),
                Enum.Parse<AlertCadence>(e.GetString("Cadence")),
                e.GetDateTimeOffset("CreatedAt") ?? default));
        }

        return [.. list.OrderBy(s => s.AccountId, StringComparer.Ordinal).ThenBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    public async Task<bool> DeleteAsync(string accountId, string id, CancellationToken cancellationToken = default)
    {
        // The SDK answers a missing entity with its 404 response instead of throwing.
        using var response = await _table.DeleteEntityAsync(TableKeys.Encode(accountId), TableKeys.Encode(id), ETag.All, cancellationToken);
        return response.Status != 404;
    }
}
