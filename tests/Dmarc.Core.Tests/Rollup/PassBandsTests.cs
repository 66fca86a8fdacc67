using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;

namespace Dmarc.Core.Tests.Rollup;

public class PassBandsTests
{
    [Theory]
    [InlineData(100, 100, PassBand.Passing)]
    [InlineData(95, 100, PassBand.Passing)]
    [InlineData(946, 1000, PassBand.PartiallyPassing)] // 94.6 % is not rounded up into Passing
    [InlineData(9496, 10000, PassBand.PartiallyPassing)] // shown as 95.0 %, still short of 95 %
    [InlineData(51, 100, PassBand.PartiallyPassing)]
    [InlineData(504, 1000, PassBand.PartiallyPassing)] // 50.4 % is more than 50 %
    [InlineData(50, 100, PassBand.Failing)]
    [InlineData(0, 100, PassBand.Failing)]
    [InlineData(0, 0, PassBand.Failing)]
    public void The_band_is_decided_on_the_exact_ratio(long pass, long messages, PassBand band)
    {
        Assert.Equal(band, PassBands.Of(pass, messages));
        Assert.Equal(band, new RollupCounts(messages, pass, 0, 0, 0, 0, 0).Band);
        Assert.Equal(band, new SenderVolume(messages, pass, 0, 0).Band);
    }

    [Fact]
    public void Rates_are_rounded_to_one_decimal_and_failure_rates_count_what_did_not_align()
    {
        var counts = new RollupCounts(10000, 9496, 9000, 2500, 9000, 900, 100);

        Assert.Equal((95.0, 10.0, 75.0, 504L), (counts.DmarcPassRate, counts.SpfFailureRate, counts.DkimFailureRate, counts.DmarcFail));
    }
}
