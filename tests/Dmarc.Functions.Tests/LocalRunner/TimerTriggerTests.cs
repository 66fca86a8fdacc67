namespace Dmarc.Functions.Tests.LocalRunner;

public class TimerTriggerTests
{
    [Fact]
    public async Task A_timer_with_a_one_second_schedule_fires_repeatedly()
    {
        await using var host = await RunnerHost.StartAsync(new Dictionary<string, string>
        {
            ["Tick"] = """{ "bindings": [ { "type": "timerTrigger", "direction": "in", "name": "timer", "schedule": "*/1 * * * * *" } ] }""",
        });

        var ticks = await BlobTriggerTests.WaitForAsync(host, "Tick", 2);

        var timer = ticks[0].Payload.GetProperty("Data").GetProperty("timer");
        Assert.False(timer.GetProperty("IsPastDue").GetBoolean());
        Assert.True(timer.GetProperty("ScheduleStatus").TryGetProperty("Next", out _));
    }

    [Fact]
    public async Task Run_on_startup_fires_at_once_even_for_a_yearly_schedule()
    {
        await using var host = await RunnerHost.StartAsync(new Dictionary<string, string>
        {
            ["Yearly"] = """{ "bindings": [ { "type": "timerTrigger", "direction": "in", "name": "timer", "schedule": "0 0 0 1 1 *", "runOnStartup": true } ] }""",
        });

        var fired = await BlobTriggerTests.WaitForAsync(host, "Yearly", 1);

        Assert.Single(fired);
    }
}
