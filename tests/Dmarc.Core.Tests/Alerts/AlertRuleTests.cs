using Dmarc.Core.Accounts;
using Dmarc.Core.Alerts;

namespace Dmarc.Core.Tests.Alerts;

/// <summary>The edition table of PRODUCT.md §5, cell by cell.</summary>
public sealed class AlertRuleTests
{
    [Theory]
    [InlineData(AlertType.MfaChange, AlertKind.Smart, true, true, true)]
    [InlineData(AlertType.SsoChange, AlertKind.Smart, true, true, true)]
    [InlineData(AlertType.DomainAdded, AlertKind.Smart, true, true, true)]
    [InlineData(AlertType.DomainDeleted, AlertKind.Smart, true, true, true)]
    [InlineData(AlertType.PossibleInternalSender, AlertKind.Smart, false, true, true)]
    [InlineData(AlertType.SenderDmarcRate, AlertKind.Configurable, true, false, true)]
    [InlineData(AlertType.NewServices, AlertKind.Configurable, true, false, true)]
    [InlineData(AlertType.SuspiciousSending, AlertKind.Configurable, true, false, true)]
    [InlineData(AlertType.DmarcPolicyUpdate, AlertKind.Configurable, false, false, true)]
    [InlineData(AlertType.RecordConfigurationChange, AlertKind.Configurable, false, false, true)]
    [InlineData(AlertType.ExecutiveReportReady, AlertKind.Configurable, false, false, true)]
    public void Each_alert_has_the_kind_and_editions_of_the_product_table(AlertType type, AlertKind kind, bool monitor, bool premium, bool enterprise)
    {
        var rule = AlertRule.ByType[type];

        Assert.Equal(kind, rule.Kind);
        Assert.Equal((monitor, premium, enterprise), (rule.Editions.Contains(Edition.Monitor), rule.Editions.Contains(Edition.Premium), rule.Editions.Contains(Edition.Enterprise)));
    }

    [Fact]
    public void Every_type_has_a_rule_and_the_executive_report_comes_weekly_or_monthly()
    {
        Assert.Equal(Enum.GetValues<AlertType>().Order(), AlertRule.ByType.Keys.Order());
        Assert.Equal([AlertCadence.Weekly, AlertCadence.Monthly], AlertRule.ByType[AlertType.ExecutiveReportReady].Cadences);
    }
}
