using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Dmarc.Tests.Shared;

/// <summary>
/// Everything stored under a test's prefix, as text: every table's rows (timestamps and ETags
/// left out), every blob's name and bytes, every queue's messages. Two snapshots compare equal
/// when nothing was written in between.
/// </summary>
internal static class StorageSnapshot
{
    public static async Task<IReadOnlyList<string>> TakeAsync(string prefix, string? connectionString = null)
    {
        var connection = connectionString ?? Azurite.ConnectionString;
        var lines = new List<string>();
        var tables = new TableServiceClient(connection);
        await foreach (var table in tables.QueryAsync())
        {
            if (!table.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                var values = row.Keys.Where(k => k is not ("Timestamp" or "odata.etag")).Order(StringComparer.Ordinal).Select(k => $"{k}={row[k]}");
                lines.Add($"table {table.Name[prefix.Length..]}: {string.Join("; ", values)}");
            }
        }

        var blobs = new BlobServiceClient(connection);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: prefix))
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                lines.Add($"blob {container.Name[prefix.Length..]}/{blob.Name}: {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content))}");
            }
        }

        var queues = new QueueServiceClient(connection);
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix))
        {
            var messages = (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value;
            lines.AddRange(messages.Select(m => $"queue {queue.Name[prefix.Length..]}: {Encoding.UTF8.GetString(m.Body.ToArray())}"));
        }

        return [.. lines.Order(StringComparer.Ordinal)];
    }
}
