using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Dmarc.Core.Accounts;

namespace Dmarc.Adapters.Accounts;

/// <summary>Table row of an account: partition = account id, one row.</summary>
internal sealed class AccountEntity : ITableEntity
{
    public const string Row = "account";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = "";

    public string OwnerEmailsJson { get; set; } = "[]";

    public string Edition { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public static AccountEntity From(Account account) => new()
    {
        PartitionKey = account.Id,
        Name = account.Name,
        OwnerEmailsJson = JsonSerializer.Serialize(account.OwnerEmails),
        Edition = account.Edition.ToString(),
        CreatedAt = account.CreatedAt,
    };

    public Account ToDomain() => new(
        PartitionKey,
        Name,
        JsonSerializer.Deserialize<string[]>(OwnerEmailsJson) ?? [],
        Enum.Parse<Edition>(Edition),
        CreatedAt);
}

/// <summary>Table row that maps the SHA-256 of an API key to its account: partition = hash.</summary>
internal sealed class ApiKeyEntity : ITableEntity
{
    public const string Row = "key";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string AccountId { get; set; } = "";
}
