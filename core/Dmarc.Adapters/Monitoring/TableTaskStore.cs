using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Monitoring;

namespace Dmarc.Adapters.Monitoring;

/// <summary>
/// Tasks (partition = task id; rows: the task and one row per zone), their zones' progress
/// (partition = task id; one row per zone, holding its plan and then its result, and the task's
/// counter shards) and the per-account lock (partition = account id), all in Table Storage with
/// optimistic concurrency. A zone's plan and result share a row, so one read tells both; its result
/// and its count share an entity group transaction, so a crash can neither lose nor repeat the
/// count. Each counter shard knows how many zones it expects, so the shards are summed only when one
/// fills. Zone names are keys only through <see cref="TableKeys.Encode"/> and are read back from
/// the "Zone" property; free text (details, records before and after) is bounded with <see cref="TableText"/>.
/// </summary>
public sealed class TableTaskStore(TableServiceClient tables, StorageNames names) : ITaskStore
{
    private const string TaskRow = "task";
    private const string LockRow = "lock";
    // '~' cannot start an encoded zone name, so counters never collide with zones.
    private const string CounterPrefix = "~count-";
    private const string CounterEnd = "~count.";
    private const int MaxCounterShards = 32;

    /// <summary>Zones per counter shard at least (on average), so a small task sums its shards about once, not once per zone.</summary>
    private const int ZonesPerShard = 8;
    private const string ZonePrefix = "zone-";
    private const string ZoneEnd = "zone.";
    private const string Planned = "Planned";
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

    /// <summary>
    /// Stores the zones, and each counter shard with the number of zones it expects. A merge keeps
    /// a shard's count should a second listing of the same task store its zones again.
    /// </summary>
    private async Task StoreZonesAsync(string taskId, IReadOnlyList<string> zones, CancellationToken cancellationToken)
    {
        foreach (var chunk in zones.Chunk(BatchSize))
        {
            await _tasks.SubmitTransactionAsync(
                chunk.Select(z => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(taskId, ZonePrefix + TableKeys.Encode(z)) { ["Zone"] = z })),
                cancellationToken);
        }

        var expected = zones.Distinct(StringComparer.Ordinal).GroupBy(z => Shard(z, zones.Count)).ToArray();
        if (expected.Length > 0)
        {
            await _results.SubmitTransactionAsync(
                expected.Select(g => new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(taskId, g.Key) { ["Expected"] = g.Count() })),
                cancellationToken);
        }
    }

    /// <summary>
    /// The counter shard of a zone in a task of <paramref name="total"/> zones, by a hash that is the
    /// same in every process (FNV-1a of its UTF-8); the task's total fixes the number of shards.
    /// </summary>
    private static string Shard(string zone, int total)
    {
        var hash = 2166136261;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(zone))
        {
            hash = (hash ^ b) * 16777619;
        }

        var shards = (uint)Math.Clamp(total / ZonesPerShard, 1, MaxCounterShards);
        return CounterPrefix + (hash % shards).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
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

    public async Task<ZoneProgress> GetProgressAsync(string taskId, string zone, CancellationToken cancellationToken = default)
    {
        var row = await _results.GetEntityIfExistsAsync<TableEntity>(taskId, TableKeys.Encode(zone), cancellationToken: cancellationToken);
        return !row.HasValue ? new ZoneProgress(null, false)
            : row.Value!.GetString("State") == Planned ? new ZoneProgress(ToPlan(row.Value), false)
            : new ZoneProgress(null, true);
    }

    public async Task<ZonePlan> TryAddPlanAsync(ZonePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        try
        {
            var added = await _results.AddEntityAsync(PlanEntity(plan), cancellationToken);
            return plan with { Version = added.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var row = await _results.GetEntityIfExistsAsync<TableEntity>(plan.TaskId, TableKeys.Encode(plan.Zone), cancellationToken: cancellationToken);
            return row.HasValue && row.Value!.GetString("State") == Planned ? ToPlan(row.Value) : plan;
        }
    }

    public async Task<ZonePlan> ReplacePlanAsync(ZonePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var replaced = plan.Version is null
            ? await _results.UpsertEntityAsync(PlanEntity(plan), TableUpdateMode.Replace, cancellationToken)
            : await _results.UpdateEntityAsync(PlanEntity(plan), new ETag(plan.Version), TableUpdateMode.Replace, cancellationToken);
        return plan with { Version = replaced.Headers.ETag?.ToString() };
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

    public async Task<bool> RecordResultAsync(ZoneResult result, int total, string? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var row = ResultEntity(result);
        while (true)
        {
            var zone = version is null
                ? new TableTransactionAction(TableTransactionActionType.Add, row)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, new ETag(version));
            var shard = await _results.GetEntityIfExistsAsync<TableEntity>(result.TaskId, Shard(result.Zone, total), cancellationToken: cancellationToken);
            int? processed = null;
            try
            {
                if (shard.HasValue)
                {
                    var counter = shard.Value!;
                    processed = (counter.GetInt32("Processed") ?? 0) + 1;
                    counter["Processed"] = processed;
                    await _results.SubmitTransactionAsync([zone, new TableTransactionAction(TableTransactionActionType.UpdateReplace, counter, counter.ETag)], cancellationToken);
                }
                else
                {
                    // A task stored before counter shards knew their zones: the result alone; the sweep finishes it.
                    await _results.SubmitTransactionAsync([zone], cancellationToken);
                }
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another delivery of this zone stored its result, or another zone took the shard's count: read again.
                var current = await _results.GetEntityIfExistsAsync<TableEntity>(result.TaskId, row.RowKey, cancellationToken: cancellationToken);
                if (current.HasValue && current.Value!.GetString("State") != Planned)
                {
                    return await AllCountedAsync(result.TaskId, cancellationToken);
                }

                version = current.HasValue ? current.Value!.ETag.ToString() : null;
                continue;
            }

            return processed is { } count && count >= (shard.Value!.GetInt32("Expected") ?? int.MaxValue)
                && await AllCountedAsync(result.TaskId, cancellationToken);
        }
    }

    public async Task<bool> AllCountedAsync(string taskId, CancellationToken cancellationToken = default)
    {
        var shards = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {taskId} and RowKey ge {CounterPrefix} and RowKey lt {CounterEnd}");
        await foreach (var shard in _results.QueryAsync<TableEntity>(filter, select: ["Expected", "Processed"], cancellationToken: cancellationToken))
        {
            shards++;
            if ((shard.GetInt32("Processed") ?? 0) < (shard.GetInt32("Expected") ?? 0))
            {
                return false;
            }
        }

        return shards > 0;
    }

    private static TableEntity ResultEntity(ZoneResult result)
    {
        var c = result.Change;
        return new TableEntity(result.TaskId, TableKeys.Encode(result.Zone))
        {
            ["Zone"] = result.Zone,
            ["State"] = "Done",
            ["Outcome"] = c.Outcome.ToString(),
            ["Reason"] = c.Reason?.ToString(),
            ["Detail"] = TableText.Bound(c.Detail),
            ["Before"] = TableText.Bound(c.Before, TableText.MaxPropertyChars),
            ["After"] = TableText.Bound(c.After, TableText.MaxPropertyChars),
            ["At"] = result.At,
        };
    }

    public async Task<IReadOnlyList<ZoneResult>> ListResultsAsync(string taskId, CancellationToken cancellationToken = default)
    {
        var results = new List<ZoneResult>();
        await foreach (var e in _results.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {taskId}"), cancellationToken: cancellationToken))
        {
            if (e.RowKey.StartsWith('~') || e.GetString("State") == Planned)
            {
                // A counter shard, or a zone planned but without a result yet.
                continue;
            }

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
        new(plan.TaskId, TableKeys.Encode(plan.Zone))
        {
            ["Zone"] = plan.Zone,
            ["State"] = Planned,
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
        return new ZonePlan(e.PartitionKey, e.GetString("Zone"), change, e.GetDateTimeOffset("At") ?? default) { Version = e.ETag.ToString() };
    }
}
