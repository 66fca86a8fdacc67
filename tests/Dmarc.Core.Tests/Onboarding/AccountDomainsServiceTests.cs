using Dmarc.Core.Accounts;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Notifications;
using Dmarc.Core.Onboarding;
using Dmarc.Core.Reports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Dmarc.Core.Tests.Onboarding;

public class AccountDomainsServiceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly Mock<IMonitoredDomains> _domains = new();
    private readonly Mock<IDnsProvider> _zones = new();
    private readonly Mock<ITxtLookup> _txt = new();
    private readonly Dictionary<(string, string), DomainChallenge> _challenges = [];

    [Fact]
    public async Task A_challenge_is_reused_until_it_expires_and_an_expired_one_proves_nothing()
    {
        var service = Service();
        var first = Assert.IsType<DomainClaimResult.ChallengeIssued>(await service.AddAsync("acc_1", "Contoso.example"));
        Assert.Equal(("_dmarc-monitor-challenge.contoso.example", _time.GetUtcNow().AddDays(7)), (first.Challenge.RecordName, first.Challenge.ExpiresAt));

        _time.Advance(TimeSpan.FromDays(6));
        var again = Assert.IsType<DomainClaimResult.ChallengeIssued>(await service.AddAsync("acc_1", "contoso.example"));
        Assert.Equal(first.Challenge.Token, again.Challenge.Token);

        _time.Advance(TimeSpan.FromDays(1));
        _txt.Setup(t => t.GetTxtAsync(first.Challenge.RecordName, It.IsAny<CancellationToken>())).ReturnsAsync([first.Challenge.Value]);
        Assert.IsType<DomainClaimResult.ChallengeExpired>(await service.VerifyAsync("acc_1", "contoso.example"));
        _domains.Verify(d => d.TryClaimAsync(It.IsAny<MonitoredDomain>(), It.IsAny<CancellationToken>()), Times.Never);
        var renewed = Assert.IsType<DomainClaimResult.ChallengeIssued>(await service.AddAsync("acc_1", "contoso.example"));
        Assert.NotEqual(first.Challenge.Token, renewed.Challenge.Token);
    }

    [Fact]
    public async Task Another_accounts_challenge_value_does_not_prove_this_one()
    {
        var service = Service();
        var mine = Assert.IsType<DomainClaimResult.ChallengeIssued>(await service.AddAsync("acc_1", "contoso.example"));
        var theirs = Assert.IsType<DomainClaimResult.ChallengeIssued>(await service.AddAsync("acc_2", "contoso.example"));
        _txt.Setup(t => t.GetTxtAsync(mine.Challenge.RecordName, It.IsAny<CancellationToken>())).ReturnsAsync([theirs.Challenge.Value, "v=spf1 -all"]);

        Assert.IsType<DomainClaimResult.NotProven>(await service.VerifyAsync("acc_1", "contoso.example"));
        _domains.Verify(d => d.TryClaimAsync(It.IsAny<MonitoredDomain>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private AccountDomainsService Service()
    {
        _zones.Setup(z => z.ListZoneNamesAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _txt.Setup(t => t.GetTxtAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var challenges = new Mock<IDomainChallengeStore>();
        challenges.Setup(c => c.UpsertAsync(It.IsAny<DomainChallenge>(), It.IsAny<CancellationToken>()))
            .Callback<DomainChallenge, CancellationToken>((c, _) => _challenges[(c.AccountId, c.Domain)] = c).Returns(Task.CompletedTask);
        challenges.Setup(c => c.GetAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string a, string d, CancellationToken _) => _challenges.GetValueOrDefault((a, d)));
        challenges.Setup(c => c.DeleteAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, CancellationToken>((a, d, _) => _challenges.Remove((a, d))).Returns(Task.CompletedTask);
        return new AccountDomainsService(_domains.Object, Mock.Of<IAccountStore>(), _zones.Object, challenges.Object, _txt.Object, Mock.Of<IEmailOutbox>(),
            new UnclaimedReports(Mock.Of<IReportStore>(), NullLogger<UnclaimedReports>.Instance), _time);
    }
}
