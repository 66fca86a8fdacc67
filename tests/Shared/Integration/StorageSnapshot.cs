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
internal static partial class StorageSnapshot
{
    /// <summary>
    /// The snapshot with what each run draws afresh taken out, so two runs of the same work compare
    /// equal: the prefix and the given values (an account id, an owner's address) by their names,
    /// ids (activity rows, notifications, e-mails), the hosted zones' shard of the account id, and
    /// an outbox e-mail's name and bytes (a fresh Message-Id and MIME boundaries) by its folder.
    /// </summary>
    public static async Task<IReadOnlyList<string>> TakeComparableAsync(string prefix, string connectionString, IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return [.. (await TakeAsync(prefix, connectionString))
            .Select(line => names.Aggregate(line.Replace(prefix, "<prefix>", StringComparison.Ordinal), (l, name) => l.Replace(name.Key, name.Value, StringComparison.Ordinal)))
            .Select(line => Shard().Replace(Ids().Replace(line, "<id>"), "<account>|<shard>"))
            .Select(line => Outbox().Replace(line, "blob outbox/$1/<message>"))
            .Order(StringComparer.Ordinal)];
    }

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

    [System.Text.RegularExpressions.GeneratedRegex("[0-9a-f]{12,32}")]
    private static partial System.Text.RegularExpressions.Regex Ids();

    [System.Text.RegularExpressions.GeneratedRegex(@"<account>\|\d+")]
    private static partial System.Text.RegularExpressions.Regex Shard();

    [System.Text.RegularExpressions.GeneratedRegex(@"^blob outbox/(keyed|\d{4}/\d{2}/\d{2})/.*$")]
    private static partial System.Text.RegularExpressions.Regex Outbox();
}
