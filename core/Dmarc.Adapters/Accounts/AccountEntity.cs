using Azure;
using Azure.Data.Tables;
using Dmarc.Core.Accounts;

namespace Dmarc.Adapters.Accounts;

/// <summary>Table row of an account: partition = account id, one row. Owners live in the users table.</summary>
internal sealed class AccountEntity : ITableEntity
{
    public const string Row = "account";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = "";

    public string Edition { get; set; } = "";

    public string Status { get; set; } = nameof(AccountStatus.Active);

    public DateTimeOffset CreatedAt { get; set; }

    public static AccountEntity From(Account account) => new()
    {
        PartitionKey = account.Id,
        Name = account.Name,
        Edition = account.Edition.ToString(),
        Status = account.Status.ToString(),
        CreatedAt = account.CreatedAt,
    };

    public Account ToDomain(IReadOnlyList<string> owners) =>
        new(PartitionKey, Name, owners, Enum.Parse<Edition>(Edition), CreatedAt, Enum.Parse<AccountStatus>(Status));
}
