using Dmarc.Core.Accounts;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Dmarc.Core.Tests.Accounts;

public class AccountServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Creating_stores_the_account_with_the_hash_of_a_key_returned_once()
    {
        var store = new Mock<IAccountStore>();
        Account? stored = null;
        string? storedHash = null;
        store.Setup(s => s.AddAsync(It.IsAny<Account>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<Account, string, CancellationToken>((a, h, _) => (stored, storedHash) = (a, h))
            .Returns(Task.CompletedTask);

        var created = await new AccountService(store.Object, new FakeTimeProvider(Now)).CreateAsync(
            new NewAccount("  Contoso  ", ["sec@contoso.com", "SEC@contoso.com", "it@contoso.com"], "enterprise"));

        Assert.Equal(created.Account, stored);
        Assert.Equal("Contoso", created.Account.Name);
        Assert.Equal(["sec@contoso.com", "it@contoso.com"], created.Account.OwnerEmails);
        Assert.Equal(Edition.Enterprise, created.Account.Edition);
        Assert.Equal(Now, created.Account.CreatedAt);
        Assert.StartsWith("acc_", created.Account.Id, StringComparison.Ordinal);
        Assert.Equal(ApiKeys.Hash(created.ApiKey), storedHash);
    }

    [Fact]
    public async Task An_invalid_request_is_refused_before_anything_is_stored()
    {
        var store = new Mock<IAccountStore>(MockBehavior.Strict);
        var service = new AccountService(store.Object, TimeProvider.System);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => service.CreateAsync(new NewAccount("", [], "Gold")));

        Assert.Contains("name: The account name is required.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_authenticates_by_its_hash()
    {
        var store = new Mock<IAccountStore>();
        store.Setup(s => s.FindAccountIdByKeyHashAsync(ApiKeys.Hash("dmk_abc"), It.IsAny<CancellationToken>())).ReturnsAsync("acc_1");
        var service = new AccountService(store.Object, TimeProvider.System);

        Assert.Equal("acc_1", await service.AuthenticateAsync(" dmk_abc "));
        Assert.Null(await service.AuthenticateAsync("dmk_other"));
        Assert.Null(await service.AuthenticateAsync("   "));
    }
}
