using Dmarc.Core.Domains;

namespace Dmarc.Core.Tests.Domains;

public class DomainStatusServiceTests
{
    private readonly DomainWorld _world = new();

    [Fact]
    public async Task The_listing_gives_each_domain_its_status_sending_state_and_reporting_state()
    {
        var now = _world.Time.GetUtcNow();
        _world.Monitor("active.example");
        _world.Delegated("active.example");
        _world.Monitor("receiving.example");
        _world.Txt("receiving.example", "v=DMARC1; p=reject; rua=" + DomainWorld.Rua);
        _world.Report("receiving.example", now.AddDays(-40), now.AddDays(-39));
        _world.Report("receiving.example", now.AddDays(-2), now.AddDays(-1));
        _world.Report("receiving.example", now.AddDays(-3), now.AddHours(-30));
        _world.Monitor("dormant.example");
        _world.Txt("dormant.example", "v=DMARC1; p=none; rua=" + DomainWorld.Rua);
        _world.Report("dormant.example", now.AddDays(-50), now.AddDays(-49));
        _world.Report("dormant.example", now.AddDays(-45), now.AddDays(-44));
        _world.Monitor("plain.example");
        _world.Monitor("elsewhere.example", "acc_2");

        var list = await _world.StatusService().ListAsync(DomainWorld.Account);

        Assert.Equal(["active.example", "dormant.example", "plain.example", "receiving.example"], list.Select(d => d.Domain));
        var byName = list.ToDictionary(d => d.Domain);
        Assert.Equal((DomainStatus.Active, false, new DomainReporting(ReportingState.AwaitingFirstReport, null)),
            (byName["active.example"].Status, byName["active.example"].Sending, byName["active.example"].Reporting));
        Assert.Equal((DomainStatus.ReportingOnly, "reject", true, true, new DomainReporting(ReportingState.Receiving, now.AddDays(-1))),
            (byName["receiving.example"].Status, byName["receiving.example"].Policy, byName["receiving.example"].AtEnforcement, byName["receiving.example"].Sending, byName["receiving.example"].Reporting));
        Assert.Equal((false, new DomainReporting(ReportingState.Receiving, now.AddDays(-44))), (byName["dormant.example"].Sending, byName["dormant.example"].Reporting));
        Assert.Equal((DomainStatus.NotConfigured, new DomainReporting(ReportingState.DnsNotConfigured, null)), (byName["plain.example"].Status, byName["plain.example"].Reporting));
    }

    [Fact]
    public async Task A_lookup_that_never_answers_is_unknown_after_the_timeout_and_the_others_still_list()
    {
        _world.Monitor("slow.example");
        _world.Dns["slow.example"] = async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return new DmarcDnsAnswer([], []);
        };
        _world.Monitor("fine.example");
        _world.Txt("fine.example", "v=DMARC1; p=none; rua=" + DomainWorld.Rua);

        var listing = _world.StatusService().ListAsync(DomainWorld.Account);
        while (!listing.IsCompleted)
        {
            _world.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        var byName = (await listing).ToDictionary(d => d.Domain);
        Assert.Equal((DomainStatus.Unknown, "The DNS lookup of _dmarc.slow.example failed: no answer within 5 s."), (byName["slow.example"].Status, byName["slow.example"].Detail));
        Assert.Equal(ReportingState.Unknown, byName["slow.example"].Reporting.State);
        Assert.Equal(DomainStatus.ReportingOnly, byName["fine.example"].Status);
    }

    [Fact]
    public async Task Another_accounts_domain_is_not_found()
    {
        _world.Monitor("theirs.example", "acc_2");

        Assert.Null(await _world.StatusService().GetAsync(DomainWorld.Account, "theirs.example"));
        Assert.NotNull(await _world.StatusService().GetAsync("acc_2", "theirs.example"));
    }
}
