using Dmarc.Core.Reports;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Dmarc.Core.Tests.Reports;

public class UnclaimedReportsTests
{
    private readonly Mock<IReportStore> _store = new();

    [Fact]
    public async Task Every_page_is_moved_including_those_after_an_empty_page()
    {
        Page(null, [Report("r1"), Report("r2")], "c1");
        Page("c1", [], "c2");
        Page("c2", [Report("r3")], null);

        var moved = await new UnclaimedReports(_store.Object, NullLogger<UnclaimedReports>.Instance).MoveToAsync("early.example", "acc_1");

        Assert.Equal(3, moved);
        foreach (var key in new[] { "r1", "r2", "r3" })
        {
            _store.Verify(s => s.MoveAsync(key, StoredReport.Unclaimed, "acc_1", It.IsAny<CancellationToken>()), Times.Once);
        }
    }

    [Fact]
    public async Task Moving_to_unclaimed_itself_does_nothing()
    {
        Assert.Equal(0, await new UnclaimedReports(_store.Object, NullLogger<UnclaimedReports>.Instance).MoveToAsync("early.example", StoredReport.Unclaimed));

        _store.VerifyNoOtherCalls();
    }

    private void Page(string? continuation, IReadOnlyList<StoredReport> reports, string? next) =>
        _store.Setup(s => s.ListAsync(StoredReport.Unclaimed, "early.example", null, null, It.IsAny<int>(), continuation, It.IsAny<CancellationToken>()))
            .ReturnsAsync((reports, next));

    private static StoredReport Report(string key) =>
        new(key, StoredReport.Unclaimed, new AggregateReport("org", null, null, key, default, default, null, null,
            new PublishedPolicy("early.example", null, null, null, null, null, null, null, null, null), [], []), "sha", default);
}
