using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Monitoring;

namespace Dmarc.Adapters.Monitoring;

/// <summary>
/// Tasks (partition = task id; rows: the task, its counter shards, one row per zone and one per
/// zone plan), their zone results (partition = task id, row = zone) and the per-account lock
/// (partition = account id), all in Table Storage with optimistic concurrency. Zone names are keys
/// only through <see cref="TableKeys.Encode"/> and are read back from the "Zone" property; free
/// text (details, records before and after) is bounded with <see cref="TableText"/>.
/// </summary>
public sealed class TableTaskStore(TableServiceClient tables, StorageNames names) : ITaskStore
{
    private const string TaskRow = "task";
    private const string LockRow = "lock";
    private const string CounterPrefix = "count-";
    private const string CounterEnd = "count.";
    private const int CounterShards = 32;
    private const string ZonePrefix = "zone-";
    private const string ZoneEnd = "zone.";
    private const string PlanPrefix = "plan-";
    private const int BatchSize = 100;
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

    public async Task CreateAsync(MonitoringTask task, IReadOnlyList<string> zones, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(zones);
        await StoreZonesAsync(task.Id, zones, cancellationToken);
        await _tasks.AddEntityAsync(new TableEntity(task.Id, TaskRow)
        {
            ["AccountId"] = task.AccountId,
            ["Kind"] = task.Kind.ToString(),
            ["DryRun"] = task.DryRun,
            ["Status"] = task.Status.ToString(),
            ["Total"] = task.Total,
            ["CreatedAt"] = task.CreatedAt,
        }, cancellationToken);
    }

    private async Task StoreZonesAsync(string taskId, IReadOnlyList<string> zones, CancellationToken cancellationToken)
    {
        foreach (var chunk in zones.Chunk(BatchSize))
        {
            await _tasks.SubmitTransactionAsync(
                chunk.Select(z => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(taskId, ZonePrefix + TableKeys.Encode(z)) { ["Zone"] = z })),
                cancellationToken);
        }
    }

    public async Task<IReadOnlyList<string>> ListZonesAsync(string taskId, CancellationToken cancellationToken = default)
    {
        var zones = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {taskId} and RowKey ge {ZonePrefix} and RowKey lt {ZoneEnd}");
        await foreach (var row in _tasks.QueryAsync<TableEntity>(filter, select: ["Zone"], cancellationToken: cancellationToken))
        {
            zones.Add(row.GetString("Zone"));
        }

        return zones;
    }

    public async Task MarkDispatchedAsync(string taskId, DateTimeOffset at, bool resumed, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var row = (await _tasks.GetEntityAsync<TableEntity>(taskId, TaskRow, cancellationToken: cancellationToken)).Value;
            row["DispatchedAt"] = at;
            row["Resumes"] = (row.GetInt32("Resumes") ?? 0) + (resumed ? 1 : 0);
            try
            {
                await _tasks.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Completed or dispatched at the same time: read again.
            }
        }
    }

    public async Task<bool> TryCompleteListingAsync(string taskId, IReadOnlyList<string> zones, string? failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zones);
        var stored = false;
        while (true)
        {
            var row = (await _tasks.GetEntityAsync<TableEntity>(taskId, TaskRow, cancellationToken: cancellationToken)).Value;
            if (row.GetString("Status") != nameof(MonitoringTaskStatus.Listing))
            {
                return false;
            }

            if (!stored)
            {
                await StoreZonesAsync(taskId, zones, cancellationToken);
                stored = true;
            }

            row["Status"] = nameof(MonitoringTaskStatus.Running);
            row["Total"] = zones.Count;
            row["Error"] = failure;
            // A fresh start for the sweep: the zones have not been queued yet.
            row["DispatchedAt"] = null;
            row["Resumes"] = 0;
            try
            {
                await _tasks.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Changed meanwhile (the request marking the listing queued, or another listing): read again.
            }
        }
    }

    public async Task<IReadOnlyList<MonitoringTask>> ListRunningAsync(CancellationToken cancellationToken = default)
    {
        var running = new List<MonitoringTask>();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {TaskRow} and Status ne {nameof(MonitoringTaskStatus.Completed)}");
        await foreach (var row in _tasks.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            running.Add(ToTask(row));
        }

        return running;
    }

    public async Task<ZonePlan?> GetPlanAsync(string taskId, string zone, CancellationToken cancellationToken = default)
    {
        var row = await _tasks.GetEntityIfExistsAsync<TableEntity>(taskId, PlanPrefix + TableKeys.Encode(zone), cancellationToken: cancellationToken);
        return row.HasValue ? ToPlan(row.Value!) : null;
    }

    public async Task<ZonePlan> TryAddPlanAsync(ZonePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        try
        {
            await _tasks.AddEntityAsync(PlanEntity(plan), cancellationToken);
            return plan;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await GetPlanAsync(plan.TaskId, plan.Zone, cancellationToken) ?? plan;
        }
    }

    public Task ReplacePlanAsync(ZonePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return _tasks.UpsertEntityAsync(PlanEntity(plan), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<DateTimeOffset> BeginCompletionAsync(string taskId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var row = (await _tasks.GetEntityAsync<TableEntity>(taskId, TaskRow, cancellationToken: cancellationToken)).Value;
            if (row.GetDateTimeOffset("CompletedAt") is { } fixedAt)
            {
                return fixedAt;
            }

            row["CompletedAt"] = at;
            try
            {
                await _tasks.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return at;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Another finisher or a dispatch changed the row: read again.
            }
        }
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

        return ToTask(row.Value!);
    }

    public async Task<bool> TryAddResultAsync(ZoneResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = result.Change;
        try
        {
            await _results.AddEntityAsync(new TableEntity(result.TaskId, TableKeys.Encode(result.Zone))
            {
                ["Zone"] = result.Zone,
                ["Outcome"] = c.Outcome.ToString(),
                ["Reason"] = c.Reason?.ToString(),
                ["Detail"] = TableText.Bound(c.Detail),
                ["Before"] = TableText.Bound(c.Before, TableText.MaxPropertyChars),
                ["After"] = TableText.Bound(c.After, TableText.MaxPropertyChars),
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
        (await _results.GetEntityIfExistsAsync<TableEntity>(taskId, TableKeys.Encode(zone), ["RowKey"], cancellationToken)).HasValue;

    public async Task<int> CountResultAsync(string taskId, string zone, CancellationToken cancellationToken = default)
    {
        var result = await _results.GetEntityAsync<TableEntity>(taskId, TableKeys.Encode(zone), cancellationToken: cancellationToken);
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
                e.GetString("Zone") ?? e.RowKey,
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
        row.Value["CompletedAt"] = row.Value.GetDateTimeOffset("CompletedAt") ?? completedAt;
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

    private static MonitoringTask ToTask(TableEntity e) =>
        new(
            e.PartitionKey,
            e.GetString("AccountId"),
            Enum.Parse<TaskKind>(e.GetString("Kind")),
            e.GetBoolean("DryRun") ?? false,
            Enum.Parse<MonitoringTaskStatus>(e.GetString("Status")),
            e.GetInt32("Total") ?? 0,
            e.GetDateTimeOffset("CreatedAt") ?? default,
            e.GetString("Status") == nameof(MonitoringTaskStatus.Completed) ? e.GetDateTimeOffset("CompletedAt") : null)
        {
            DispatchedAt = e.GetDateTimeOffset("DispatchedAt"),
            Resumes = e.GetInt32("Resumes") ?? 0,
            Error = e.GetString("Error"),
        };

    private static TableEntity PlanEntity(ZonePlan plan) =>
        new(plan.TaskId, PlanPrefix + TableKeys.Encode(plan.Zone))
        {
            ["Zone"] = plan.Zone,
            ["Outcome"] = plan.Change.Outcome.ToString(),
            ["Reason"] = plan.Change.Reason?.ToString(),
            ["Detail"] = TableText.Bound(plan.Change.Detail),
            ["Before"] = TableText.Bound(plan.Change.Before, TableText.MaxPropertyChars),
            ["After"] = TableText.Bound(plan.Change.After, TableText.MaxPropertyChars),
            ["At"] = plan.At,
        };

    private static ZonePlan ToPlan(TableEntity e)
    {
        var reason = e.GetString("Reason");
        var change = new ZoneChange(
            Enum.Parse<Outcome>(e.GetString("Outcome")),
            reason is null ? null : Enum.Parse<SkipReason>(reason),
            e.GetString("Detail"),
            e.GetString("Before"),
            e.GetString("After"));
        return new ZonePlan(e.PartitionKey, e.GetString("Zone"), change, e.GetDateTimeOffset("At") ?? default);
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
