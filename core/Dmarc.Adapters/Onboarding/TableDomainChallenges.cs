using Azure;
using Azure.Data.Tables;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Onboarding;

namespace Dmarc.Adapters.Onboarding;

/// <summary>Open domain challenges: partition = the encoded domain, row = account id.</summary>
public sealed class TableDomainChallenges(TableServiceClient tables, StorageNames names) : IDomainChallengeStore
{
    private readonly TableClient _table = tables.GetTableClient(names.Table(StorageNames.DomainChallenges));

    public Task UpsertAsync(DomainChallenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return _table.UpsertEntityAsync(new TableEntity(TableKeys.Encode(challenge.Domain), challenge.AccountId)
        {
            ["Token"] = challenge.Token,
            ["ExpiresAt"] = challenge.ExpiresAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<DomainChallenge?> GetAsync(string accountId, string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(domain);
        if (!TableKeys.IsValid(accountId))
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(domain), accountId, cancellationToken: cancellationToken);
        return row.HasValue
            ? new DomainChallenge(accountId, domain, row.Value!.GetString("Token"), row.Value.GetDateTimeOffset("ExpiresAt") ?? default)
            : null;
    }

    public async Task DeleteAsync(string accountId, string domain, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.DeleteEntityAsync(TableKeys.Encode(domain), accountId, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
    }
}
