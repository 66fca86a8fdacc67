using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Onboarding;

namespace Dmarc.Adapters.Onboarding;

/// <summary>Access requests: partition = request id.</summary>
public sealed class TableAccessRequestStore(TableServiceClient tables, StorageNames names) : IAccessRequestStore
{
    private const string Row = "request";
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.AccessRequests));

    public Task AddAsync(AccessRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _table.AddEntityAsync(new TableEntity(request.Id, Row)
        {
            ["AccountId"] = request.AccountId,
            ["Domain"] = request.Domain,
            ["RequesterEmail"] = request.RequesterEmail,
            ["Message"] = request.Message,
            ["Status"] = request.Status.ToString(),
            ["CreatedAt"] = request.CreatedAt,
        }, cancellationToken);
    }

    public async Task<AccessRequest?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!TableKeys.IsValid(id))
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(id, Row, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var e = row.Value!;
        return new AccessRequest(id, e.GetString("AccountId"), e.GetString("Domain"), e.GetString("RequesterEmail"), e.GetString("Message"),
            Enum.Parse<AccessRequestStatus>(e.GetString("Status")), e.GetDateTimeOffset("CreatedAt") ?? default);
    }

    public async Task<bool> TryChangeStatusAsync(string id, AccessRequestStatus expected, AccessRequestStatus status, CancellationToken cancellationToken = default)
    {
        var row = TableKeys.IsValid(id) ? await _table.GetEntityIfExistsAsync<TableEntity>(id, Row, cancellationToken: cancellationToken) : null;
        if (row is not { HasValue: true } || row.Value!.GetString("Status") != expected.ToString())
        {
            return false;
        }

        row.Value["Status"] = status.ToString();
        try
        {
            await _table.UpdateEntityAsync(row.Value, row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }
}
