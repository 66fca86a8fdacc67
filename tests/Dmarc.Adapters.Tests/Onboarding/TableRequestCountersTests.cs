using Dmarc.Adapters.Onboarding;

namespace Dmarc.Adapters.Tests.Onboarding;

public class TableRequestCountersTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Parallel_counts_stop_exactly_at_the_limit_and_a_new_window_starts_again()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var counters = new TableRequestCounters(storage.Tables, storage.Names);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => counters.TryCountAsync("access-requester:a@contoso.example", Day, 3)));

        Assert.Equal(3, answers.Count(a => a));
        Assert.True(await counters.TryCountAsync("access-requester:b@contoso.example", Day, 3));
        Assert.True(await counters.TryCountAsync("access-requester:a@contoso.example", Day.AddDays(1), 3));
    }
}
