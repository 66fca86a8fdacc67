using Dmarc.Adapters.Accounts;
using Dmarc.Core.Accounts;

namespace Dmarc.Adapters.Tests.Accounts;

public class TableAccountStoreTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_account_round_trips_with_its_owners_as_users()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableAccountStore(storage.Tables, storage.Names);
        var account = new Account("acc_1", "Contoso", ["sec@contoso.com", "it@contoso.com"], Edition.Premium, Created, AccountStatus.Pending);

        await store.AddAsync(account);
        await store.AddUserAsync(new AccountUser("acc_1", "reader@contoso.com", AccountRole.Member, Created.AddHours(1)));

        var read = await store.GetAsync("acc_1");
        Assert.NotNull(read);
        Assert.Equal((account.Id, account.Name, account.Edition, account.CreatedAt, AccountStatus.Pending), (read.Id, read.Name, read.Edition, read.CreatedAt, read.Status));
        Assert.Equal(["it@contoso.com", "sec@contoso.com"], read.OwnerEmails.Order(StringComparer.Ordinal));
        Assert.Equal(3, (await store.ListUsersAsync("acc_1")).Count);

        Assert.True(await store.TryChangeStatusAsync("acc_1", AccountStatus.Pending, AccountStatus.Active));
        Assert.Equal(AccountStatus.Active, (await store.GetAsync("acc_1"))!.Status);
        Assert.False(await store.TryChangeStatusAsync("acc_1", AccountStatus.Pending, AccountStatus.Active));
        Assert.False(await store.TryChangeStatusAsync("acc_missing", AccountStatus.Pending, AccountStatus.Active));
    }

    [Fact]
    public async Task Keys_find_their_grant_and_go_away_with_their_user()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableAccountStore(storage.Tables, storage.Names);
        await store.AddAsync(new Account("acc_2", "A", ["owner@a.example"], Edition.Monitor, Created));
        var member = new AccountUser("acc_2", "member@a.example", AccountRole.Member, Created);
        await store.AddUserAsync(member);
        var grant = new ApiKeyGrant("acc_2", "member@a.example", AccountRole.Member);
        await store.AddKeyAsync(ApiKeys.Hash("k1"), grant, DateTimeOffset.UnixEpoch);

        Assert.Equal(grant, await store.FindKeyAsync(ApiKeys.Hash("k1")));
        Assert.False(await store.AddUserAsync(member));

        await store.RemoveUserAsync("acc_2", "member@a.example");

        Assert.Null(await store.FindKeyAsync(ApiKeys.Hash("k1")));
        Assert.Equal(["owner@a.example"], (await store.ListUsersAsync("acc_2")).Select(u => u.Email));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Admin")]
    [InlineData("owner")]
    [InlineData("0")]
    public async Task A_key_row_without_a_known_role_grants_nothing(string? role)
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableAccountStore(storage.Tables, storage.Names);
        var keys = storage.Tables.GetTableClient(storage.Names.Table(Dmarc.Adapters.Storage.StorageNames.ApiKeys));
        var row = new Azure.Data.Tables.TableEntity(ApiKeys.Hash("k-odd"), "key") { ["AccountId"] = "acc_3", ["Email"] = "x@a.example" };
        if (role is not null)
        {
            row["Role"] = role;
        }

        await keys.UpsertEntityAsync(row);

        Assert.Null(await store.FindKeyAsync(ApiKeys.Hash("k-odd")));
    }

    [Theory]
    [InlineData("acc_missing")]
    [InlineData("bad/id")]
    [InlineData("what?")]
    public async Task Unknown_or_malformed_ids_are_not_found(string id)
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        Assert.Null(await new TableAccountStore(storage.Tables, storage.Names).GetAsync(id));
    }

    [Fact]
    public async Task An_unknown_key_hash_finds_nothing()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        Assert.Null(await new TableAccountStore(storage.Tables, storage.Names).FindKeyAsync(ApiKeys.Hash("nope")));
    }
}
