using Dmarc.Adapters.Accounts;
using Dmarc.Core.Accounts;

namespace Dmarc.Adapters.Tests.Accounts;

public class TableAccountStoreTests
{
    [Fact]
    public async Task An_account_round_trips_and_its_key_hash_finds_it()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableAccountStore(storage.Tables, storage.Names);
        var account = new Account("acc_1", "Contoso", ["sec@contoso.com", "it@contoso.com"], Edition.Premium, new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

        await store.AddAsync(account, ApiKeys.Hash("dmk_key"));

        var read = await store.GetAsync("acc_1");
        Assert.NotNull(read);
        Assert.Equal((account.Id, account.Name, account.Edition, account.CreatedAt), (read.Id, read.Name, read.Edition, read.CreatedAt));
        Assert.Equal(account.OwnerEmails, read.OwnerEmails);
        Assert.Equal("acc_1", await store.FindAccountIdByKeyHashAsync(ApiKeys.Hash("dmk_key")));
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
        Assert.Null(await new TableAccountStore(storage.Tables, storage.Names).FindAccountIdByKeyHashAsync(ApiKeys.Hash("nope")));
    }

    [Fact]
    public async Task The_same_account_id_cannot_be_added_twice()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var store = new TableAccountStore(storage.Tables, storage.Names);
        var account = new Account("acc_2", "A", ["a@b.example"], Edition.Monitor, DateTimeOffset.UnixEpoch);
        await store.AddAsync(account, ApiKeys.Hash("k1"));

        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => store.AddAsync(account, ApiKeys.Hash("k2")));
        Assert.Null(await store.FindAccountIdByKeyHashAsync(ApiKeys.Hash("k2")));
    }
}
