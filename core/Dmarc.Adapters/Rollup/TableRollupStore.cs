using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;

namespace Dmarc.Adapters.Rollup;

/// <summary>
/// Daily summaries in Table Storage: partition = domain (<see cref="TableKeys"/>), row = yyyy-MM-dd,
/// one entity per (domain, day) holding every sender, so a summary is replaced as a whole (a sender
/// that moved to another class leaves nothing behind) and a 30-day window is one query of at most
/// 30 rows. The senders are gzip-compressed JSON in binary properties of at most 64 KiB each
/// (<see cref="MaxChunks"/> of them keep the entity under the service's 1 MiB).
/// </summary>
public sealed class TableRollupStore(TableServiceClient tables, StorageNames names) : IRollupStore
{
    public const int ChunkBytes = 60 * 1024;
    public const int MaxChunks = 15;
    private const string ChunkPrefix = "Senders";
    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.RollupDays));

    public Task PutDayAsync(DailySummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var packed = Pack(summary.Senders);
        var chunks = packed.Chunk(ChunkBytes).ToArray();
        if (chunks.Length > MaxChunks)
        {
            throw new InvalidOperationException($"The summary of {summary.Domain} on {summary.Day:yyyy-MM-dd} has {summary.Senders.Count} senders, {packed.Length} bytes compressed, over the {MaxChunks * ChunkBytes} bytes one row holds.");
        }

        var entity = new TableEntity(TableKeys.Encode(summary.Domain), Day(summary.Day))
        {
            ["Domain"] = summary.Domain,
            ["ComputedAt"] = summary.ComputedAt,
            ["Chunks"] = chunks.Length,
        };
        for (var i = 0; i < chunks.Length; i++)
        {
            entity[ChunkPrefix + i.ToString(CultureInfo.InvariantCulture)] = chunks[i];
        }

        return _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<DailySummary>> DaysAsync(string domain, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(domain)} and RowKey ge {Day(firstDay)} and RowKey le {Day(lastDay)}");
        var days = new List<DailySummary>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var chunks = Enumerable.Range(0, e.GetInt32("Chunks") ?? 0).SelectMany(i => e.GetBinary(ChunkPrefix + i.ToString(CultureInfo.InvariantCulture)) ?? []).ToArray();
            days.Add(new DailySummary(domain, DateOnly.ParseExact(e.RowKey, "yyyy-MM-dd", CultureInfo.InvariantCulture), Unpack(chunks), e.GetDateTimeOffset("ComputedAt") ?? default));
        }

        return days.OrderBy(d => d.Day).ToArray();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static byte[] Pack(IReadOnlyList<SenderDay> senders)
    {
        var rows = senders.Select(s => new Row(
            s.SenderId, s.Kind, s.Name,
            [s.Counts.Messages, s.Counts.DmarcPass, s.Counts.SpfAlignedPass, s.Counts.DkimAlignedPass, s.Counts.DispositionNone, s.Counts.DispositionQuarantine, s.Counts.DispositionReject],
            s.Countries.ToDictionary(c => c.Country, c => c.Messages, StringComparer.Ordinal),
            s.Ips.Count == 0 ? null : s.Ips.ToDictionary(i => i.Ip, i => i.Messages, StringComparer.Ordinal))).ToArray();
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, rows, Json);
        }

        return output.ToArray();
    }

    private static SenderDay[] Unpack(byte[] packed)
    {
        if (packed.Length == 0)
        {
            return [];
        }

        using var gzip = new GZipStream(new MemoryStream(packed), CompressionMode.Decompress);
        var rows = JsonSerializer.Deserialize<Row[]>(gzip, Json) ?? [];
        return rows.Select(r => new SenderDay(
            r.Id, r.Kind, r.Name,
            new RollupCounts(r.Counts[0], r.Counts[1], r.Counts[2], r.Counts[3], r.Counts[4], r.Counts[5], r.Counts[6]),
            r.Countries.Select(c => new CountryVolume(c.Key, c.Value)).OrderByDescending(c => c.Messages).ThenBy(c => c.Country, StringComparer.Ordinal).ToArray())
        {
            Ips = r.Ips is null ? [] : [.. r.Ips.Select(i => new IpVolume(i.Key, i.Value)).OrderByDescending(i => i.Messages).ThenBy(i => i.Ip, StringComparer.Ordinal)],
        }).ToArray();
    }

    /// <summary>The stored shape of one sender's day: counts in the order of <see cref="RollupCounts"/>; <c>Ips</c> only for unidentified traffic (absent in rows written before it).</summary>
    private sealed record Row(string Id, SenderClass Kind, string Name, long[] Counts, Dictionary<string, long> Countries, Dictionary<string, long>? Ips);
}
