using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Rollup;

namespace Dmarc.Adapters.Rollup;

/// <summary>
/// Rollup marks in Table Storage: partition = domain, row = yyyy-MM-dd|source (both through
/// <see cref="TableKeys"/>). Writers only upsert their own rows, so two reports never touch the
/// same row; the rollup deletes a row only with the ETag it read, so a row written again since stays.
/// </summary>
public sealed class TableRollupMarks(TableServiceClient tables, StorageNames names) : IRollupMarks
{
    private const int BatchSize = 100;
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.RollupMarks));

    public async Task MarkAsync(IReadOnlyCollection<RollupMark> marks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var batches = marks
            .DistinctBy(m => (m.Domain, m.Day, m.Source))
            .Select(ToEntity)
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(BatchSize))
            .ToArray();
        foreach (var batch in batches)
        {
            await _table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
        }
    }

    public async Task<IReadOnlyList<PendingMark>> PendingAsync(int max, CancellationToken cancellationToken = default)
    {
        var rows = await TablePages.FirstAsync(_table.QueryAsync<TableEntity>(maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken), max, cancellationToken);
        return rows.Select(e => new PendingMark(
            new RollupMark(e.GetString("Domain"), DateOnly.ParseExact(e.GetString("Day"), "yyyy-MM-dd", CultureInfo.InvariantCulture), e.GetString("Source")),
            e.PartitionKey + TableKeys.Separator + e.RowKey + TableKeys.Separator + e.ETag)).ToArray();
    }

    public async Task ClearAsync(IReadOnlyList<PendingMark> marks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var rows = marks.Select(m => Parse(m.Version)).GroupBy(r => r.Partition, StringComparer.Ordinal).SelectMany(p => p.Chunk(BatchSize));
        foreach (var batch in rows)
        {
            try
            {
                await _table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.Partition, r.Row), r.ETag)), cancellationToken);
            }
            catch (TableTransactionFailedException)
            {
                // One row was written again or is gone: delete the others one by one.
                foreach (var r in batch)
                {
                    await DeleteOneAsync(r, cancellationToken);
                }
            }
        }
    }

    private async Task DeleteOneAsync((string Partition, string Row, ETag ETag) row, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(row.Partition, row.Row, row.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Gone already (another run), or written again since it was read: the next run does it.
        }
    }

    /// <summary>The version is "partition|day|source|ETag": keys never hold '|' except between day and source, and ETags hold none.</summary>
    private static (string Partition, string Row, ETag ETag) Parse(string version)
    {
        var parts = version.Split(TableKeys.Separator, 4);
        if (parts.Length != 4)
        {
            throw new ArgumentException("Not a version this store issued.", nameof(version));
        }

        return (parts[0], parts[1] + TableKeys.Separator + parts[2], new ETag(parts[3]));
    }

    private static TableEntity ToEntity(RollupMark mark)
    {
        var day = mark.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new TableEntity(TableKeys.Encode(mark.Domain), day + TableKeys.Separator + TableKeys.Encode(mark.Source))
        {
            ["Domain"] = mark.Domain,
            ["Day"] = day,
            ["Source"] = TableText.Bound(mark.Source),
        };
    }
}
