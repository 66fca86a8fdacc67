using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Ingestion;

namespace Dmarc.Adapters.Ingestion;

/// <summary>Inbound receipts in Table Storage, one row per blob name (partition = the name through <see cref="TableKeys.Encode"/>, which bounds any blob name).</summary>
public sealed class TableInboundReceipts(TableServiceClient tables, StorageNames names) : IInboundReceipts
{
    private const string Row = "receipt";
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.InboundReceipts));

    public Task UpsertAsync(InboundReceipt receipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var entity = new TableEntity(TableKeys.Encode(receipt.Name), Row)
        {
            ["Name"] = receipt.Name,
            ["Size"] = receipt.Size,
            ["Format"] = receipt.Format.ToString(),
            ["ReceivedAt"] = receipt.ReceivedAt,
        };
        return _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<InboundReceipt?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        NullableResponse<TableEntity> row = await _table.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Encode(name), Row, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var e = row.Value!;
        return new InboundReceipt(
            e.GetString("Name"),
            e.GetInt64("Size") ?? 0,
            Enum.Parse<ReportFormat>(e.GetString("Format")),
            e.GetDateTimeOffset("ReceivedAt") ?? default);
    }
}
