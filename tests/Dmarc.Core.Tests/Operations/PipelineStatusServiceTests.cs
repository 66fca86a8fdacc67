using Dmarc.Core.Health;
using Dmarc.Core.Operations;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Dmarc.Core.Tests.Operations;

public sealed class PipelineStatusServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_storage_service_that_cannot_be_reached_leaves_its_figures_null_and_asks_nothing_of_it()
    {
        var gauges = new Mock<IPipelineGauges>(MockBehavior.Strict);
        gauges.Setup(g => g.InboundAsync(Now, It.IsAny<CancellationToken>())).ReturnsAsync(new InboundBacklog(3, TimeSpan.FromMinutes(2)));
        gauges.Setup(g => g.OutboxAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new OutboxBacklog(0, null));
        var runs = new Mock<ITimerRuns>(MockBehavior.Strict);
        var service = new PipelineStatusService(new HealthService([Probe("blob", true), Probe("queue", false), Probe("table", false)]), gauges.Object, runs.Object, new FakeTimeProvider(Now));

        var status = await service.ReadAsync([new TimerSchedule("RollupTimer", "0 0 * * * *", Now.AddHours(1))]);

        Assert.Equal((3L, (long?)0), (status.Inbound!.Documents, status.Outbox?.Unsent));
        Assert.Null(status.Queues);
        Assert.Null(status.Quarantine);
        Assert.Null(status.Timers);
        Assert.Equal(["blob", "queue", "table"], status.Storage.Select(c => c.Component));
        Assert.Equal("down for the test", status.Storage.Single(c => c.Component == "queue").Error);
    }

    [Fact]
    public async Task Each_timer_shows_its_last_run_or_none_and_its_next_run()
    {
        var gauges = new Mock<IPipelineGauges>();
        var runs = new Mock<ITimerRuns>();
        runs.Setup(r => r.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([new TimerRun("SendOutbox", Now.AddMinutes(-1), TimeSpan.FromMilliseconds(40), false, "SMTP refused")]);
        var service = new PipelineStatusService(new HealthService([Probe("blob", true), Probe("queue", true), Probe("table", true)]), gauges.Object, runs.Object, new FakeTimeProvider(Now));

        var status = await service.ReadAsync([new TimerSchedule("SendOutbox", "0 * * * * *", Now.AddMinutes(1)), new TimerSchedule("RollupTimer", "0 0 * * * *", Now.AddHours(1))]);

        Assert.Equal(
            [
                new TimerStatus("RollupTimer", "0 0 * * * *", null, null, null, null, Now.AddHours(1)),
                new TimerStatus("SendOutbox", "0 * * * * *", Now.AddMinutes(-1), TimerOutcome.Failed, TimeSpan.FromMilliseconds(40), "SMTP refused", Now.AddMinutes(1)),
            ],
            status.Timers!);
    }

    private static IStorageProbe Probe(string component, bool reachable)
    {
        var probe = new Mock<IStorageProbe>();
        probe.SetupGet(p => p.Component).Returns(component);
        probe.Setup(p => p.ProbeAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new ComponentHealth(component, reachable, reachable ? null : "down for the test"));
        return probe.Object;
    }
}
