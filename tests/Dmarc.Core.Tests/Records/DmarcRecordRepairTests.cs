using Dmarc.Core.Records;

namespace Dmarc.Core.Tests.Records;

public class DmarcRecordRepairTests
{
    [Theory]
    [InlineData(" v=DMARC1; p=reject", "v=DMARC1; p=reject")]
    [InlineData("v=dmarc1; p=none", "v=DMARC1; p=none")]
    [InlineData("v=DMARC; p=quarantine", "v=DMARC1; p=quarantine")]
    [InlineData("v=DMARC1 p=reject", "v=DMARC1; p=reject")]
    [InlineData("v=DMARC1\\; p=reject\\;", "v=DMARC1; p=reject;")]
    [InlineData("v=DMARC1; sp=reject", "v=DMARC1; p=none; sp=reject")]
    [InlineData("  V = dmarc1 adkim=s", "v=DMARC1; p=none; adkim=s")]
    public void Records_receivers_ignore_are_repaired_on_request(string text, string repaired)
    {
        var (result, changes, refusal) = DmarcRecordRepair.Repair(text);

        Assert.Null(refusal);
        Assert.Equal(repaired, result);
        Assert.NotEmpty(changes);
        Assert.True(DmarcRecord.TryParse(result!, out _, out _));
    }

    [Theory]
    [InlineData("v=DMARC1; p=none", "valid already")]
    [InlineData("v=spf1 -all", "not a DMARC record")]
    [InlineData("v=DMARC1; p=block", "cannot be repaired automatically")]
    public void What_needs_no_or_another_fix_is_refused_with_the_reason(string text, string reason)
    {
        var (result, _, refusal) = DmarcRecordRepair.Repair(text);

        Assert.Null(result);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }
}
