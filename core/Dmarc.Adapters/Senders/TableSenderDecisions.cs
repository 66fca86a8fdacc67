using System.Text.Json;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Senders;

namespace Dmarc.Adapters.Senders;

/// <summary>Approvals and denials in table <c>senderdecisions</c> (partition = domain, row = sender id, both encoded).</summary>
public sealed class TableSenderDecisions(TableServiceClient tables, StorageNames names) : ISenderDecisions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.SenderDecisions));

    public async Task<IReadOnlyList<SenderDecisionRecord>> ListAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var list = new List<SenderDecisionRecord>();
        await foreach (var e in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(domain)}"), cancellationToken: cancellationToken))
        {
            if (Enum.TryParse<SenderDecision>(e.GetString("Decision"), out var decision))
            {
                list.Add(new SenderDecisionRecord(e.GetString("Domain"), e.GetString("SenderId"), decision, e.GetString("DecidedBy"), e.GetDateTimeOffset("DecidedAt") ?? default)
                {
                    SpfChange = e.GetString("SpfChange") is { } change ? JsonSerializer.Deserialize<Dmarc.Core.Spf.SpfChange>(change, Json) : null,
                });
            }
        }

        return list;
    }

    public async Task PutAsync(SenderDecisionRecord decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var entity = new TableEntity(TableKeys.Encode(decision.Domain), TableKeys.Encode(decision.SenderId))
        {
            ["Domain"] = TableText.Bound(decision.Domain, 300),
            ["SenderId"] = TableText.Bound(decision.SenderId, 400),
            ["Decision"] = decision.Decision.ToString(),
            ["DecidedBy"] = TableText.Bound(decision.DecidedBy, 400),
            ["DecidedAt"] = decision.DecidedAt,
            // Kept whole: denying writes the record before it back byte for byte (an SPF record is at most a few hundred characters).
            ["SpfChange"] = decision.SpfChange is null ? null : JsonSerializer.Serialize(decision.SpfChange, Json),
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }
}
