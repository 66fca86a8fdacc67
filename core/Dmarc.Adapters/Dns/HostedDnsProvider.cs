using System.Text.Encodings.Web;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Dns;

namespace Dmarc.Adapters.Dns;

/// <summary>
/// The embedded DNS provider: hosted zones in Table Storage. Record sets: partition = zone,
/// row = name + "|" + type; a "$zone" row in the same partition holds the zone's facts and owner and
/// keeps zone names unique. The zones table (partitions "account|NN", row = zone) lists an account's zones.
/// A name index (partition "$names|" + the zone's last two labels reversed, row = all labels
/// reversed, e.g. "com.contoso.mail.") finds the zones below a name with one range query; the
/// zones above it are point reads of their "$zone" rows. Zone and record names are keys only
/// through <see cref="TableKeys.Encode"/> (an RFC 2317 zone such as "0/25.2.0.192.in-addr.arpa"
/// holds a '/'); the names themselves are read from properties. Constant keys start with '$',
/// which the encoding never emits, so no name can collide with them.
/// </summary>
public sealed class HostedDnsProvider(TableServiceClient tables, StorageNames names) : IDnsProvider
{
    private const string ZoneIndexRow = "$zone";
    private const int ListingShards = 64;
    private const string NameIndexPrefix = "$names|";

    /// <summary>ASCII values are stored unescaped but quotes and backslashes, so the stored length is close to the values' own.</summary>
    private static readonly JsonSerializerOptions StoredJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly TableClient _zones = tables.GetTableClient(names.Table(StorageNames.HostedZones));
    private readonly TableClient _records = tables.GetTableClient(names.Table(StorageNames.HostedRecords));

    public Task<IReadOnlyList<DnsZone>> ListZonesAsync(string accountId, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            var zones = new List<DnsZone>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {accountId + "|"} and PartitionKey lt {accountId + "}"}");
            await foreach (var row in _zones.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                zones.Add(ToZone(row.GetString("Name") ?? row.RowKey, row));
            }

            return (IReadOnlyList<DnsZone>)zones;
        });

    public async Task<IReadOnlyList<string>> ListZoneNamesAsync(string accountId, CancellationToken cancellationToken = default) =>
        [.. (await ListZonesAsync(accountId, cancellationToken)).Select(z => z.Name)];

    public Task<DnsZone?> GetZoneAsync(string accountId, string zone, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            if (!TableKeys.IsValid(accountId))
            {
                return null;
            }

            // The index row in the zone's own small partition, not the account's listing partition.
            var row = await _records.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(zone), ZoneIndexRow, cancellationToken: cancellationToken);
            return row.HasValue && row.Value!.GetString("AccountId") == accountId ? ToZone(zone, row.Value) : null;
        });

    public Task CreateZoneAsync(string accountId, DnsZone zone, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            ArgumentNullException.ThrowIfNull(zone);
            try
            {
                await _records.AddEntityAsync(new TableEntity(TableKeys.Encode(zone.Name), ZoneIndexRow)
                {
                    ["Name"] = zone.Name,
                    ["AccountId"] = accountId,
                    ["Kind"] = zone.Kind.ToString(),
                    ["Dnssec"] = zone.Dnssec.ToString(),
                }, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                throw new DnsConflictException($"The zone {zone.Name} already exists.");
            }

            // Written first and checked after, so that of two accounts racing for nested names neither wins.
            var (partition, row) = NameIndexKey(zone.Name);
            await _records.UpsertEntityAsync(new TableEntity(partition, row) { ["AccountId"] = accountId, ["Name"] = zone.Name }, TableUpdateMode.Replace, cancellationToken);
            if (await FindOtherAccountsZoneAsync(accountId, zone.Name, cancellationToken) is { } other)
            {
                await _records.DeleteEntityAsync(partition, row, ETag.All, cancellationToken);
                await _records.DeleteEntityAsync(TableKeys.Encode(zone.Name), ZoneIndexRow, ETag.All, cancellationToken);
                throw new DnsZoneOverlapException(zone.Name, other);
            }

            await _zones.UpsertEntityAsync(new TableEntity(ListingPartition(accountId, zone.Name), TableKeys.Encode(zone.Name))
            {
                ["Name"] = zone.Name,
                ["Kind"] = zone.Kind.ToString(),
                ["Dnssec"] = zone.Dnssec.ToString(),
            }, TableUpdateMode.Replace, cancellationToken);
            return true;
        });

    public Task<IReadOnlyList<RecordSet>> ListRecordSetsAsync(string zone, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            var sets = new List<RecordSet>();
            await foreach (var row in _records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(zone)}"), cancellationToken: cancellationToken))
            {
                if (row.RowKey != ZoneIndexRow)
                {
                    sets.Add(ToRecordSet(row));
                }
            }

            return (IReadOnlyList<RecordSet>)sets.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Type, StringComparer.Ordinal).ToArray();
        });

    public Task<IReadOnlyList<RecordSet>> GetRecordSetsAsync(string zone, string name, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            var prefix = RowPrefix(name);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(zone)} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
            var sets = new List<RecordSet>();
            await foreach (var row in _records.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                sets.Add(ToRecordSet(row));
            }

            return (IReadOnlyList<RecordSet>)sets;
        });

    private static RecordSet ToRecordSet(TableEntity row) => new(
        row.GetString("Name"),
        row.GetString("Type"),
        row.GetInt32("Ttl") ?? RecordSet.DefaultTtl,
        JsonSerializer.Deserialize<string[]>(row.GetString("ValuesJson")) ?? [],
        row.GetString("Pool"));

    public Task UpsertRecordSetAsync(string zone, RecordSet recordSet, CancellationToken cancellationToken = default) =>
        UpsertRecordSetsAsync(zone, [recordSet], cancellationToken);

    /// <summary>Every set is checked before the first write; the rows share the zone's partition, so each 100 are one transaction.</summary>
    public Task UpsertRecordSetsAsync(string zone, IReadOnlyList<RecordSet> recordSets, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            ArgumentNullException.ThrowIfNull(recordSets);
            var rows = recordSets.Select(set => ToRow(zone, set)).ToArray();
            foreach (var batch in rows.Chunk(100))
            {
                await _records.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), cancellationToken);
            }

            return true;
        });

    private static TableEntity ToRow(string zone, RecordSet recordSet)
    {
        ArgumentNullException.ThrowIfNull(recordSet);
        var type = recordSet.Type.ToUpperInvariant();
        if (TenantRecordPolicy.TypeRefusal(type) is { } refusal)
        {
            throw new DnsProviderException($"Hosted zones refuse the record set {recordSet.Name} {type}: {refusal}");
        }

        var values = StoredValues(recordSet);
        return new TableEntity(TableKeys.Encode(zone), RowPrefix(recordSet.Name) + type)
        {
            ["Name"] = recordSet.Name,
            ["Type"] = type,
            ["Ttl"] = recordSet.Ttl,
            ["ValuesJson"] = values,
            ["Pool"] = recordSet.Pool,
        };
    }

    public Task DeleteRecordSetAsync(string zone, string name, string type, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            await _records.DeleteEntityAsync(TableKeys.Encode(zone), RowPrefix(name) + type.ToUpperInvariant(), ETag.All, cancellationToken);
            return true;
        });

    /// <summary>
    /// An account's zone list is spread over <see cref="ListingShards"/> partitions ("account|NN"),
    /// so that one large account is not one hot partition; a range query reads them all.
    /// </summary>
    private static string ListingPartition(string accountId, string zone)
    {
        var hash = 2166136261u;
        foreach (var c in zone)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return $"{accountId}|{hash % ListingShards:D2}";
    }

    /// <summary>A zone of another account at a parent of the name (point reads) or below it (one range query of the name index).</summary>
    private async Task<string?> FindOtherAccountsZoneAsync(string accountId, string zone, CancellationToken cancellationToken)
    {
        var ancestors = Ancestors(zone).Select(async a =>
        {
            var row = await _records.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(a), ZoneIndexRow, ["AccountId"], cancellationToken);
            return row.HasValue && row.Value!.GetString("AccountId") != accountId ? a : null;
        });
        if ((await Task.WhenAll(ancestors)).FirstOrDefault(a => a is not null) is { } above)
        {
            return above;
        }

        var (partition, row) = NameIndexKey(zone);
        var filter = zone.Contains('.', StringComparison.Ordinal)
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {row} and RowKey lt {row + "~"}")
            : TableClient.CreateQueryFilter($"PartitionKey ge {partition + "."} and PartitionKey lt {partition + ".~"}");
        await foreach (var below in _records.QueryAsync<TableEntity>(filter, select: ["RowKey", "AccountId", "Name"], cancellationToken: cancellationToken))
        {
            if (below.GetString("AccountId") != accountId)
            {
                return below.GetString("Name") ?? string.Join('.', below.RowKey.TrimEnd('.').Split('.').Reverse());
            }
        }

        return null;
    }

    private static IEnumerable<string> Ancestors(string zone)
    {
        for (var dot = zone.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = zone.IndexOf('.', dot + 1))
        {
            yield return zone[(dot + 1)..];
        }
    }

    /// <summary>
    /// "mail.contoso.com" → ("$names|com.contoso", "com.contoso.mail."): every zone below a name
    /// shares its partition and row prefix. Labels are encoded one by one ('.' is kept by the
    /// encoding), so the prefix property holds for names with any characters.
    /// </summary>
    private static (string Partition, string Row) NameIndexKey(string zone)
    {
        var reversed = zone.Split('.').Reverse().Select(TableKeys.Encode).ToArray();
        return (NameIndexPrefix + string.Join('.', reversed.Take(2)), string.Join('.', reversed) + ".");
    }

    /// <summary>
    /// The values as stored: JSON, refused with <see cref="DnsProviderException"/> before any write
    /// when they would not fit one string property (<see cref="TenantRecordPolicy"/> refuses such sets
    /// with a 400 first; this is the provider's own guard for writes that do not pass through it).
    /// </summary>
    internal static string StoredValues(RecordSet recordSet)
    {
        var values = JsonSerializer.Serialize(recordSet.Values, StoredJson);
        return values.Length <= TableText.MaxPropertyChars
            ? values
            : throw new DnsProviderException(
                $"The record set {recordSet.Name} {recordSet.Type.ToUpperInvariant()} is too large for hosted zones ({values.Length} characters of values as stored, at most {TableText.MaxPropertyChars}).");
    }

    /// <summary>Row keys start with the encoded name and a separator, so one range query finds every type at a name.</summary>
    private static string RowPrefix(string name) => TableKeys.Encode(name) + "|";

    private static DnsZone ToZone(string name, TableEntity row) =>
        new(name, Enum.Parse<ZoneKind>(row.GetString("Kind")), Enum.Parse<DnssecState>(row.GetString("Dnssec")));

    /// <summary>
    /// Storage refusing a request becomes a provider error, which fails one zone, not the task. A
    /// failure that a retry can cure (no answer, 408, 429, 5xx) is left as it is, so the zone's
    /// queue message is tried again instead of the zone ending as failed.
    /// </summary>
    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RequestFailedException ex) when (ex.Status is not (0 or 408 or 429 or >= 500))
        {
            throw new DnsProviderException($"Hosted zone storage failed: {ex.Status} {ex.ErrorCode}", ex);
        }
    }
}
