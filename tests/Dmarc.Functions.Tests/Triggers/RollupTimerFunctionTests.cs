using System.Net;
using Dmarc.Core.Rollup;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Triggers;

public class RollupTimerFunctionTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Each_timer_call_records_a_run_with_its_past_due_flag(bool pastDue)
    {
        await using var app = new DmarcAppFactory();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var response = await TriggerPayloads.PostAsync(app.CreateClient(), "RollupTimer", TriggerPayloads.Timer(pastDue));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = Assert.Single(await app.Services.GetRequiredService<IRollupRuns>().ListSinceAsync(before));
        Assert.Equal(pastDue, run.IsPastDue);
    }
}
