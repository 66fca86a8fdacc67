using Dmarc.Core.Domains;

namespace Dmarc.Core.Tests.Domains;

public class DomainModeServiceTests
{
    private const string Blocked = "v=DMARC1; p=reject; sp=reject; rua=" + DomainWorld.Rua;
    private readonly DomainWorld _world = new();

    [Fact]
    public async Task Blocking_serves_p_reject_and_unblocking_serves_the_record_from_before_each_audited()
    {
        const string before = "v=DMARC1; p=none; sp=quarantine; rua=" + DomainWorld.Rua;
        _world.Monitor("parked.example");
        _world.Delegated("parked.example");
        _world.Server.Served["parked.example"] = before;

        var blocked = Assert.IsType<ModeOutcome.Done>(await _world.ModeService().SetAsync(DomainWorld.Account, "Parked.Example", DomainMode.Blocked, force: false));

        Assert.Equal((DomainStatus.Blocked, "reject", true, true), (blocked.Domain.Status, blocked.Domain.Policy, blocked.Domain.AtEnforcement, blocked.Changed));
        Assert.Equal(Blocked, _world.Server.Served["parked.example"]);
        Assert.Equal(before, _world.Modes.Settings["parked.example"].RecordBeforeBlock);

        var again = Assert.IsType<ModeOutcome.Done>(await _world.ModeService().SetAsync(DomainWorld.Account, "parked.example", DomainMode.Blocked, force: false));
        Assert.False(again.Changed);
        Assert.Equal(before, _world.Modes.Settings["parked.example"].RecordBeforeBlock);

        var active = Assert.IsType<ModeOutcome.Done>(await _world.ModeService().SetAsync(DomainWorld.Account, "parked.example", DomainMode.Active, force: false));

        Assert.Equal((DomainStatus.Active, "none", false), (active.Domain.Status, active.Domain.Policy, active.Domain.AtEnforcement));
        Assert.Equal(before, _world.Server.Served["parked.example"]);
        Assert.Equal([(before, Blocked), (Blocked, before)], _world.Audit.Select(e => (e.Before!, e.After!)));
        Assert.All(_world.Audit, e => Assert.Equal(("parked.example", "_dmarc.parked.example", DomainModeService.AuditTaskId), (e.Zone, e.Name, e.TaskId)));
    }

    [Fact]
    public async Task A_domain_the_service_served_nothing_for_gets_the_monitoring_record_when_unblocked()
    {
        _world.Monitor("new.example");
        _world.Delegated("new.example");

        Assert.IsType<ModeOutcome.Done>(await _world.ModeService().SetAsync(DomainWorld.Account, "new.example", DomainMode.Blocked, force: false));
        Assert.IsType<ModeOutcome.Done>(await _world.ModeService().SetAsync(DomainWorld.Account, "new.example", DomainMode.Active, force: false));

        Assert.Equal("v=DMARC1; p=none; rua=" + DomainWorld.Rua, _world.Server.Served["new.example"]);
        Assert.Null(_world.Audit[0].Before);
    }

    [Fact]
    public async Task Only_active_domains_switch_and_the_refusal_says_why_with_nothing_written()
    {
        _world.Monitor("reporting.example");
        _world.Txt("reporting.example", "v=DMARC1; p=none; rua=" + DomainWorld.Rua);
        _world.Monitor("plain.example");
        _world.Monitor("broken.example");
        _world.Dns["broken.example"] = _ => Task.FromResult(DmarcDnsAnswer.Failed("the name server answered Refused."));
        var service = _world.ModeService();

        var reporting = Assert.IsType<ModeOutcome.Refused>(await service.SetAsync(DomainWorld.Account, "reporting.example", DomainMode.Blocked, force: true));
        var plain = Assert.IsType<ModeOutcome.Refused>(await service.SetAsync(DomainWorld.Account, "plain.example", DomainMode.Active, force: false));
        var broken = Assert.IsType<ModeOutcome.Refused>(await service.SetAsync(DomainWorld.Account, "broken.example", DomainMode.Blocked, force: false));

        Assert.StartsWith("reporting.example is ReportingOnly: The DMARC record at _dmarc.reporting.example sends aggregate reports to the service. Only a zone of the account's DNS provider, or a domain whose _dmarc is delegated", reporting.Reason, StringComparison.Ordinal);
        Assert.StartsWith("plain.example is NotConfigured: _dmarc.plain.example has no DMARC record.", plain.Reason, StringComparison.Ordinal);
        Assert.Contains("could not be read from DNS", broken.Reason, StringComparison.Ordinal);
        Assert.Empty(_world.Modes.Settings);
        Assert.Empty(_world.Server.Served);
        Assert.Empty(_world.Audit);
        Assert.IsType<ModeOutcome.NotFound>(await service.SetAsync(DomainWorld.Account, "unknown.example", DomainMode.Blocked, force: false));
        Assert.IsType<ModeOutcome.NotFound>(await service.SetAsync(DomainWorld.Account, "not a domain", DomainMode.Blocked, force: false));
    }

    [Fact]
    public async Task A_sending_domain_is_blocked_only_when_forced()
    {
        var now = _world.Time.GetUtcNow();
        _world.Monitor("busy.example");
        _world.Delegated("busy.example");
        _world.Report("busy.example", now.AddDays(-3), now.AddDays(-2));
        var service = _world.ModeService();

        var refused = Assert.IsType<ModeOutcome.Refused>(await service.SetAsync(DomainWorld.Account, "busy.example", DomainMode.Blocked, force: false));
        Assert.Contains("busy.example sent mail in the last 30 days: reports arrived", refused.Reason, StringComparison.Ordinal);
        Assert.Empty(_world.Server.Served);

        var forced = Assert.IsType<ModeOutcome.Done>(await service.SetAsync(DomainWorld.Account, "busy.example", DomainMode.Blocked, force: true));
        Assert.Equal(DomainStatus.Blocked, forced.Domain.Status);
    }

    [Fact]
    public async Task Without_a_server_for_delegated_names_the_switch_is_refused_before_anything_is_written()
    {
        _world.Monitor("parked.example");
        _world.Delegated("parked.example");
        _world.Server.Unavailable = true;

        var refused = Assert.IsType<ModeOutcome.Refused>(await _world.ModeService().SetAsync(DomainWorld.Account, "parked.example", DomainMode.Blocked, force: false));

        Assert.Equal("not served here", refused.Reason);
        Assert.Empty(_world.Modes.Settings);
    }
}
