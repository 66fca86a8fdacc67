using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Monitoring;

namespace Dmarc.Adapters.Monitoring;

/// <summary>
/// Tasks (partition = task id), their zone results (partition = task id, row = zone) and the
/// per-account lock (partition = account id), all in Table Storage with optimistic concurrency.
/// </summary>
public sealed class TableTaskStore(TableServiceClient tables, StorageNames names) : ITaskStore
{
    private const string TaskRow = "task";
    private const string LockRow = "lock";
    private const string CounterPrefix = "count-";
    private const string CounterEnd = "count.";
    private const int CounterShards = 32;
    private readonly TableClient _tasks = tables.GetTableClient(names.Table(StorageNames.Tasks));
    private readonly TableClient _results = tables.GetTableClient(names.Table(StorageNames.TaskResults));
    private readonly TableClient _locks = tables.GetTableClient(names.Table(StorageNames.AccountLocks));

    public async Task<bool> TryLockAccountAsync(string accountId, string taskId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(accountId, LockRow) { ["TaskId"] = taskId, ["ExpiresAt"] = expiresAt };
        try
        {
            await _locks.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var held = await _locks.GetEntityIfExistsAsync<TableEntity>(accountId, LockRow, cancellationToken: cancellationToken);
            if (!held.HasValue || held.Value!.GetDateTimeOffset("ExpiresAt") > DateTimeOffset.UtcNow)
            {
                return false;
            }

            try
            {
                // The holder stopped without finishing: take over its expired lock.
                await _locks.UpdateEntityAsync(entity, held.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException race) when (race.Status == 412)
            {
                return false;
            }
        }
    }

    public async Task<string?> LockHolderAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var held = await _locks.GetEntityIfExistsAsync<TableEntity>(accountId, LockRow, cancellationToken: cancellationToken);
        return held.HasValue ? held.Value!.GetString("TaskId") : null;
    }

    public async Task ReleaseAccountAsync(string accountId, string taskId, CancellationToken cancellationToken = default)
    {
        var held = await _locks.GetEntityIfExistsAsync<TableEntity>(accountId, LockRow, cancellationToken: cancellationToken);
        if (held.HasValue && held.Value!.GetString("TaskId") == taskId)
        {
            await _locks.DeleteEntityAsync(accountId, LockRow, held.Value.ETag, cancellationToken);
        }
    }

    public Task CreateAsync(MonitoringTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return _tasks.AddEntityAsync(new TableEntity(task.Id, TaskRow)
        {
            ["AccountId"] = task.AccountId,
            ["Kind"] = task.Kind.ToString(),
            ["DryRun"] = task.DryRun,
            ["Status"] = task.Status.ToString(),
            ["Total"] = task.Total,
            ["CreatedAt"] = task.CreatedAt,
        }, cancellationToken);
    }

    public async Task<MonitoringTask?> GetAsync(string taskId, CancellationToken cancellationToken = default)
    {
        if (!TableKeys.IsValid(taskId))
        {
            return null;
        }

        var row = await _tasks.GetEntityIfExistsAsync<TableEntity>(taskId, TaskRow, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var e = row.Value!;
        return new MonitoringTask(
            taskId,
            e.GetString("AccountId"),
            Enum.Parse<TaskKind>(e.GetString("Kind")),
            e.GetBoolean("DryRun") ?? false,
            Enum.Parse<MonitoringTaskStatus>(e.GetString("Status")),
            e.GetInt32("Total") ?? 0,
            e.GetDateTimeOffset("CreatedAt") ?? default,
            e.GetDateTimeOffset("CompletedAt"));
    }

    public async Task<bool> TryAddResultAsync(ZoneResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = result.Change;
        try
        {
            await _results.AddEntityAsync(new TableEntity(result.TaskId, result.Zone)
            {
                ["Outcome"] = c.Outcome.ToString(),
                ["Reason"] = c.Reason?.ToString(),
                ["Detail"] = c.Detail,
                ["Before"] = c.Before,
                ["After"] = c.After,
                ["At"] = result.At,
                ["Counted"] = false,
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> HasResultAsync(string taskId, string zone, CancellationToken cancellationToken = default) =>
        (await _results.GetEntityIfExistsAsync<TableEntity>(taskId, zone, ["RowKey"], cancellationToken)).HasValue;

    public async Task<int> CountResultAsync(string taskId, string zone, CancellationToken cancellationToken = default)
    {
        var result = await _results.GetEntityAsync<TableEntity>(taskId, zone, cancellationToken: cancellationToken);
        if (result.Value.GetBoolean("Counted") != true)
        {
            await IncrementShardAsync(taskId, zone, cancellationToken);
            result.Value["Counted"] = true;
            await _results.UpdateEntityAsync(result.Value, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }

        var total = 0;
        var shards = TableClient.CreateQueryFilter($"PartitionKey eq {taskId} and RowKey ge {CounterPrefix} and RowKey lt {CounterEnd}");
        await foreach (var shard in _tasks.QueryAsync<TableEntity>(shards, select: ["Processed"], cancellationToken: cancellationToken))
        {
            total += shard.GetInt32("Processed") ?? 0;
        }

        return total;
    }

    public async Task<IReadOnlyList<ZoneResult>> ListResultsAsync(string taskId, CancellationToken cancellationToken = default)
    {
        var results = new List<ZoneResult>();
        await foreach (var e in _results.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {taskId}"), cancellationToken: cancellationToken))
        {
            var reason = e.GetString("Reason");
            results.Add(new ZoneResult(
                taskId,
                e.RowKey,
                new ZoneChange(
                    Enum.Parse<Outcome>(e.GetString("Outcome")),
                    reason is null ? null : Enum.Parse<SkipReason>(reason),
                    e.GetString("Detail"),
                    e.GetString("Before"),
                    e.GetString("After")),
                e.GetDateTimeOffset("At") ?? default));
        }

        return results;
    }

    public async Task<bool> TryCompleteAsync(string taskId, DateTimeOffset completedAt, CancellationToken cancellationToken = default)
    {
        var row = await _tasks.GetEntityAsync<TableEntity>(taskId, TaskRow, cancellationToken: cancellationToken);
        if (row.Value.GetString("Status") == nameof(MonitoringTaskStatus.Completed))
        {
            return false;
        }

        row.Value["Status"] = nameof(MonitoringTaskStatus.Completed);
        row.Value["CompletedAt"] = completedAt;
        try
        {
            await _tasks.UpdateEntityAsync(row.Value, row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return await TryCompleteAsync(taskId, completedAt, cancellationToken);
        }
    }

    /// <summary>
    /// Counts one zone in one of <see cref="CounterShards"/> rows picked by the zone's name, so
    /// that parallel workers rarely update the same row.
    /// </summary>
    private async Task IncrementShardAsync(string taskId, string zone, CancellationToken cancellationToken)
    {
        var row = CounterPrefix + ((uint)StringComparer.Ordinal.GetHashCode(zone) % CounterShards).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
        while (true)
        {
            var existing = await _tasks.GetEntityIfExistsAsync<TableEntity>(taskId, row, cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue)
                {
                    await _tasks.AddEntityAsync(new TableEntity(taskId, row) { ["Processed"] = 1 }, cancellationToken);
                    return;
                }

                var shard = existing.Value!;
                shard["Processed"] = (shard.GetInt32("Processed") ?? 0) + 1;
                await _tasks.UpdateEntityAsync(shard, shard.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another zone was counted in the same shard at the same time: read again.
            }
        }
    }
}
