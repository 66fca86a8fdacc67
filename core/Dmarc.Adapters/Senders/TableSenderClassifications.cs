using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Senders;

namespace Dmarc.Adapters.Senders;

/// <summary>
/// Classifications per (domain, IP) in table <c>senderclasses</c> (partition = domain, row = IP,
/// both encoded). Updates are read-modify-write with the row's ETag, so two batches that touch
/// the same IP at once both land: the loser reads again and merges again.
/// </summary>
public sealed class TableSenderClassifications(TableServiceClient tables, StorageNames names) : ISenderClassifications
{
    private const int MaxAttempts = 10;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.SenderClasses));

    public async Task<SenderClassification> UpdateAsync(string domain, string ip, Func<SenderClassification?, SenderClassification> update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(ip);
        ArgumentNullException.ThrowIfNull(update);
        for (var attempt = 1; ; attempt++)
        {
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(domain), TableKeys.Encode(ip), cancellationToken: cancellationToken);
            var stored = found.HasValue ? Read(found.Value!) : null;
            var next = update(stored);
            if (stored is not null && Unchanged(stored, next))
            {
                return stored;
            }

            var entity = ToEntity(next);
            try
            {
                if (found.HasValue)
                {
                    await _table.UpdateEntityAsync(entity, found.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await _table.AddEntityAsync(entity, cancellationToken);
                }

                return next;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Someone wrote in between: read their row and merge again.
            }
        }
    }

    public async Task<IReadOnlyList<SenderClassification>> ListAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var list = new List<SenderClassification>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(domain)}"), cancellationToken: cancellationToken))
        {
            list.Add(Read(entity));
        }

        return list;
    }

    public async Task<IReadOnlyList<SenderClassification>> ListOutdatedAsync(string version, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        // Every row is read: a filter on CatalogueVersion would skip the rows that lack the column.
        var list = new List<SenderClassification>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (entity.GetString("CatalogueVersion") != version)
            {
                list.Add(Read(entity));
                if (list.Count == max)
                {
                    break;
                }
            }
        }

        return list;
    }

    private static bool Unchanged(SenderClassification stored, SenderClassification next) =>
        stored.Class == next.Class && stored.SenderId == next.SenderId && stored.Facts == next.Facts && stored.Evidence.SameAs(next.Evidence)
        && stored.CatalogueVersion == next.CatalogueVersion;

    private static TableEntity ToEntity(SenderClassification c)
    {
        var entity = new TableEntity(TableKeys.Encode(c.Domain), TableKeys.Encode(c.Ip))
        {
            ["Domain"] = TableText.Bound(c.Domain, 300),
            ["Ip"] = TableText.Bound(c.Ip, IpFactsColumns.MaxIpChars),
            ["Class"] = c.Class.ToString(),
            ["SenderId"] = TableText.Bound(c.SenderId, 400),
            ["SenderName"] = TableText.Bound(c.SenderName, 600),
            ["ServiceId"] = c.ServiceId,
            ["NetworkId"] = c.NetworkId,
            // At most 2 × 8 domains of 253 characters: about 4,200 characters.
            ["Evidence"] = JsonSerializer.Serialize(new EvidenceRow(c.Evidence.DkimPassDomains, c.Evidence.SpfPassDomains, c.Evidence.Forwarded), Json),
            ["ClassifiedAt"] = c.ClassifiedAt,
            ["CatalogueVersion"] = c.CatalogueVersion,
        };
        IpFactsColumns.Write(entity, c.Facts);
        return entity;
    }

    private static SenderClassification Read(TableEntity e)
    {
        var ip = e.GetString("Ip");
        var evidence = JsonSerializer.Deserialize<EvidenceRow>(e.GetString("Evidence") ?? "{}", Json);
        return new SenderClassification(
            e.GetString("Domain"),
            ip,
            Enum.TryParse<SenderClass>(e.GetString("Class"), out var kind) ? kind : SenderClass.Unidentified,
            e.GetString("SenderId"),
            e.GetString("SenderName"),
            e.GetString("ServiceId"),
            e.GetString("NetworkId"),
            IpFactsColumns.Read(ip, e),
            new IpSenderEvidence(evidence?.Dkim ?? [], evidence?.Spf ?? [], evidence?.Forwarded ?? false),
            e.GetDateTimeOffset("ClassifiedAt") ?? DateTimeOffset.MinValue)
        { CatalogueVersion = e.GetString("CatalogueVersion") };
    }

    private sealed record EvidenceRow(IReadOnlyList<string>? Dkim, IReadOnlyList<string>? Spf, bool Forwarded);
}
