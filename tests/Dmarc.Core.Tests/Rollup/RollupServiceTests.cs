using Dmarc.Core.Rollup;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Dmarc.Core.Tests.Rollup;

public class RollupServiceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_run_is_recorded_with_the_clock_time_and_past_due_flag(bool pastDue)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 13, 0, 0, TimeSpan.Zero));
        var runs = new Mock<IRollupRuns>();
        var service = new RollupService(runs.Object, time, NullLogger<RollupService>.Instance);

        var run = await service.RunAsync(pastDue);

        Assert.Equal(new RollupRun(time.GetUtcNow(), pastDue), run);
        runs.Verify(r => r.AddAsync(run, It.IsAny<CancellationToken>()), Times.Once);
    }
}
