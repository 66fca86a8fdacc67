using Dmarc.Core.Enforcement;
using Dmarc.Core.Records;

namespace Dmarc.Core.Tests.Enforcement;

public sealed class PolicyStepTests
{
    private const string Start = "v=DMARC1; p=none; sp=none; rua=mailto:r@rua.monitor.example,mailto:own@contoso.example; fo=1";

    [Fact]
    public void The_default_plan_walks_to_reject_keeping_every_other_tag_exactly()
    {
        var steps = PolicyStep.ParseList(new EnforcementOptions().Steps, out _)!;
        var record = DmarcRecord.Parse(Start);
        var written = new List<string>();
        foreach (var step in steps)
        {
            record = step.Apply(record);
            written.Add(record.Text);
        }

        Assert.Equal(
            [
                "v=DMARC1; p=quarantine; sp=none; rua=mailto:r@rua.monitor.example,mailto:own@contoso.example; fo=1; pct=10; t=y",
                "v=DMARC1; p=quarantine; sp=none; rua=mailto:r@rua.monitor.example,mailto:own@contoso.example; fo=1; pct=25; t=y",
                "v=DMARC1; p=quarantine; sp=none; rua=mailto:r@rua.monitor.example,mailto:own@contoso.example; fo=1; pct=50; t=y",
                "v=DMARC1; p=quarantine; sp=none; rua=mailto:r@rua.monitor.example,mailto:own@contoso.example; fo=1",
                "v=DMARC1; p=reject; sp=none; rua=mailto:r@rua.monitor.example,mailto:own@contoso.example; fo=1",
            ],
            written);
    }

    [Fact]
    public void Stepping_back_from_full_quarantine_writes_the_partial_step_again()
    {
        var full = DmarcRecord.Parse("v=DMARC1; p=quarantine; rua=mailto:r@rua.monitor.example");

        Assert.Equal("v=DMARC1; p=quarantine; rua=mailto:r@rua.monitor.example; pct=50; t=y", new PolicyStep("quarantine", 50).Apply(full).Text);
    }

    [Theory]
    [InlineData("quarantine:10,reject", null)]
    [InlineData("", "The plan has no steps.")]
    [InlineData("quarantine:50,quarantine:25", "The step p=quarantine pct=25 does not go beyond p=quarantine pct=50; each step must be stronger than the one before.")]
    [InlineData("none:10", "'none:10' is not a step: write quarantine or reject, optionally ':' and a percentage from 1 to 100.")]
    [InlineData("quarantine:0", "'quarantine:0' is not a step: write quarantine or reject, optionally ':' and a percentage from 1 to 100.")]
    public void A_plan_is_validated_with_a_reason(string text, string? error)
    {
        var steps = PolicyStep.ParseList(text, out var reason);

        Assert.Equal(error, reason);
        Assert.Equal(error is null, steps is not null);
    }
}
