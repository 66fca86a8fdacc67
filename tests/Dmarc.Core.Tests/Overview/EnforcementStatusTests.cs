using Dmarc.Core.Overview;
using Dmarc.Core.Reports;
using Dmarc.Core.Rollup;

namespace Dmarc.Core.Tests.Overview;

public class EnforcementStatusTests
{
    private static PublishedPolicy Policy(string? p, int? pct = null) => new("example.com", p, null, null, null, null, pct, null, null, null);

    [Theory]
    [InlineData("reject", null, 100, 90, EnforcementStatus.AtEnforcement)]
    [InlineData("quarantine", 100, 100, 90, EnforcementStatus.AtEnforcement)]
    [InlineData(" Quarantine ", 50, 100, 90, EnforcementStatus.NotAtEnforcement)]
    [InlineData("none", null, 100, 90, EnforcementStatus.NotAtEnforcement)]
    [InlineData("reject", null, 40, 0, EnforcementStatus.Blocked)]
    [InlineData("reject", null, 0, 0, EnforcementStatus.Blocked)]
    [InlineData("none", null, 0, 0, EnforcementStatus.NotSending)]
    [InlineData(null, null, 0, 0, EnforcementStatus.NotSending)]
    [InlineData("quarantine", null, 40, 0, EnforcementStatus.AtEnforcement)]
    public void The_status_follows_the_policy_and_the_mail_of_the_period(string? p, int? pct, long messages, long passed, EnforcementStatus expected)
    {
        var counts = new RollupCounts(messages, passed, passed, passed, messages, 0, 0);

        Assert.Equal(expected, EnforcementStatuses.Of(p is null ? null : Policy(p, pct), counts));
    }

    [Fact]
    public void A_domain_locked_with_the_blocked_mode_is_blocked_whatever_its_reports_say() =>
        Assert.Equal(EnforcementStatus.Blocked, EnforcementStatuses.Of(Policy("none"), new RollupCounts(10, 10, 10, 10, 10, 0, 0), lockedBlocked: true));
}
