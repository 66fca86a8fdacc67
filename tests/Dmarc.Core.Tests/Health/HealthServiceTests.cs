using Dmarc.Core.Health;

namespace Dmarc.Core.Tests.Health;

public class HealthServiceTests
{
    [Fact]
    public async Task Healthy_only_when_every_probe_answers()
    {
        var health = await new HealthService([new Probe("table", true), new Probe("blob", true), new Probe("queue", true)]).CheckAsync();

        Assert.True(health.Healthy);
        Assert.Equal(["blob", "queue", "table"], health.Components.Select(c => c.Component));
    }

    [Fact]
    public async Task One_unreachable_service_makes_the_whole_unhealthy_and_says_which()
    {
        var health = await new HealthService([new Probe("blob", false), new Probe("queue", true), new Probe("table", true)]).CheckAsync();

        Assert.False(health.Healthy);
        var blob = Assert.Single(health.Components, c => !c.Reachable);
        Assert.Equal(("blob", "down"), (blob.Component, blob.Error));
    }

    private sealed class Probe(string component, bool up) : IStorageProbe
    {
        public string Component => component;

        public Task<ComponentHealth> ProbeAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new ComponentHealth(component, up, up ? null : "down"));
    }
}
