using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Ingestion;

namespace Dmarc.Adapters.Ingestion;

/// <summary>Messages pulled from the mailbox: partition "uid" (row UIDVALIDITY-UID) and "msgid" (row the encoded Message-ID), each naming the blob.</summary>
public sealed class TablePulledMessages(TableServiceClient tables, StorageNames names) : IPulledMessages
{
    private const string ByUid = "uid";
    private const string ByMessageId = "msgid";
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.PulledMessages));

    public async Task<string?> FindAsync(MailboxMessageId id, string? messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var byUid = await _table.GetEntityIfExistsAsync<TableEntity>(ByUid, id.Key, cancellationToken: cancellationToken);
        if (byUid.HasValue)
        {
            return byUid.Value!.GetString("Blob");
        }

        if (string.IsNullOrEmpty(messageId))
        {
            return null;
        }

        var byMessageId = await _table.GetEntityIfExistsAsync<TableEntity>(ByMessageId, TableKeys.Encode(messageId), cancellationToken: cancellationToken);
        return byMessageId.HasValue ? byMessageId.Value!.GetString("Blob") : null;
    }

    public async Task RecordAsync(MailboxMessageId id, string? messageId, string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await _table.UpsertEntityAsync(new TableEntity(ByUid, id.Key) { ["Blob"] = blobName, ["MessageId"] = TableText.Bound(messageId) }, TableUpdateMode.Replace, cancellationToken);
        if (!string.IsNullOrEmpty(messageId))
        {
            await _table.UpsertEntityAsync(new TableEntity(ByMessageId, TableKeys.Encode(messageId)) { ["Blob"] = blobName }, TableUpdateMode.Replace, cancellationToken);
        }
    }
}
