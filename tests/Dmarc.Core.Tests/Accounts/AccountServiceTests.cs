using Dmarc.Core.Accounts;
using Dmarc.Core.Audit;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Dmarc.Core.Tests.Accounts;

public class AccountServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Creating_stores_the_account_and_the_hash_of_the_first_owners_key_returned_once()
    {
        var store = new Mock<IAccountStore>();
        Account? stored = null;
        (string Hash, ApiKeyGrant Grant)? key = null;
        store.Setup(s => s.AddAsync(It.IsAny<Account>(), It.IsAny<CancellationToken>())).Callback<Account, CancellationToken>((a, _) => stored = a).Returns(Task.CompletedTask);
        store.Setup(s => s.AddKeyAsync(It.IsAny<string>(), It.IsAny<ApiKeyGrant>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback<string, ApiKeyGrant, DateTimeOffset, CancellationToken>((h, g, _, _) => key = (h, g)).Returns(Task.CompletedTask);

        var created = await new AccountService(store.Object, Activity(), new FakeTimeProvider(Now)).CreateAsync(
            new NewAccount("  Contoso  ", ["Sec@contoso.com", "SEC@contoso.com", "it@contoso.com"], "enterprise"));

        Assert.Equal(created.Account, stored);
        Assert.Equal("Contoso", created.Account.Name);
        Assert.Equal(["sec@contoso.com", "it@contoso.com"], created.Account.OwnerEmails);
        Assert.Equal((Edition.Enterprise, AccountStatus.Active, Now), (created.Account.Edition, created.Account.Status, created.Account.CreatedAt));
        Assert.StartsWith("acc_", created.Account.Id, StringComparison.Ordinal);
        Assert.Equal((ApiKeys.Hash(created.ApiKey), new ApiKeyGrant(created.Account.Id, "sec@contoso.com", AccountRole.Owner)), key);
    }

    [Fact]
    public async Task An_invalid_request_is_refused_before_anything_is_stored()
    {
        var store = new Mock<IAccountStore>(MockBehavior.Strict);
        var service = new AccountService(store.Object, Activity(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => service.CreateAsync(new NewAccount("", [], "Gold")));

        Assert.Contains("name: The account name is required.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_authenticates_by_its_hash()
    {
        var store = new Mock<IAccountStore>();
        var grant = new ApiKeyGrant("acc_1", "a@b.example", AccountRole.Member);
        store.Setup(s => s.FindKeyAsync(ApiKeys.Hash("dmk_abc"), It.IsAny<CancellationToken>())).ReturnsAsync(grant);
        var service = new AccountService(store.Object, Activity(), TimeProvider.System);

        Assert.Equal(grant, await service.AuthenticateAsync(" dmk_abc "));
        Assert.Null(await service.AuthenticateAsync("dmk_other"));
        Assert.Null(await service.AuthenticateAsync("   "));
    }

    [Fact]
    public async Task A_key_is_logged_before_it_exists_and_completed_after()
    {
        var order = new List<string>();
        var log = new Mock<IActivityLog>();
        log.Setup(l => l.WriteAsync(It.IsAny<ActivityEntry>(), It.IsAny<CancellationToken>()))
            .Callback<ActivityEntry, CancellationToken>((e, _) => order.Add($"{e.Action}:{e.Outcome}:{e.Target}")).Returns(Task.CompletedTask);
        var store = new Mock<IAccountStore>();
        store.Setup(s => s.AddKeyAsync(It.IsAny<string>(), It.IsAny<ApiKeyGrant>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback(() => order.Add("key stored")).Returns(Task.CompletedTask);

        await new AccountService(store.Object, new ActivityRecorder(log.Object, TimeProvider.System), TimeProvider.System)
            .IssueKeyAsync(new ApiKeyGrant("acc_1", "a@b.example", AccountRole.Member));

        Assert.Equal(["ApiKeyIssued:Started:a@b.example as Member", "key stored", "ApiKeyIssued:Done:a@b.example as Member"], order);
    }

    [Fact]
    public async Task No_key_is_issued_when_the_activity_log_cannot_be_written()
    {
        var log = new Mock<IActivityLog>();
        log.Setup(l => l.WriteAsync(It.IsAny<ActivityEntry>(), It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("storage down"));
        var store = new Mock<IAccountStore>(MockBehavior.Strict);

        await Assert.ThrowsAsync<IOException>(() => new AccountService(store.Object, new ActivityRecorder(log.Object, TimeProvider.System), TimeProvider.System)
            .IssueKeyAsync(new ApiKeyGrant("acc_1", "a@b.example", AccountRole.Owner)));
    }

    private static ActivityRecorder Activity() => new(new Mock<IActivityLog>().Object, TimeProvider.System);
}
