using System.Net;
using System.Text.RegularExpressions;
using Dmarc.Core.Monitoring;

namespace Dmarc.Core.Tests.Monitoring;

/// <summary>The task e-mail in plain words: each outcome with what to do, its zones up to the limit, the counts, the same content in both parts.</summary>
public partial class TaskMessageTests
{
    private const string Rua = "mailto:reports@rua.monitor.example";
    private static readonly Uri Reports = new("https://portal.example/reports");
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    private static MonitoringTask Task(TaskKind kind, int total) => new("task_1", "acc_1", kind, false, MonitoringTaskStatus.Completed, total, At, At);

    private static ZoneResult Result(string zone, ZoneChange change) => new("task_1", zone, change, At);

    [Fact]
    public void Two_zones_with_two_dmarc_records_are_named_with_what_to_do()
    {
        var layout = TaskMessage.Compose(Task(TaskKind.Enable, 3),
        [
            Result("a.example", ZoneChange.Skip(SkipReason.MultipleDmarcRecords, "2")),
            Result("b.example", ZoneChange.Skip(SkipReason.MultipleDmarcRecords, "2")),
            Result("c.example", new ZoneChange(Outcome.Created, null, null, null, "v=DMARC1; p=none")),
        ], Rua, Reports, null);

        var text = layout.Text();
        Assert.Contains("2 zones have two or more DMARC records\n2 zones have more than one DMARC record; receivers ignore them all, so the domain has no DMARC policy. Remove all but one, then enable monitoring again.\n  - a.example\n  - b.example\n", text, StringComparison.Ordinal);
        Assert.Contains($"1 zone has a new DMARC record\n1 zone had no DMARC record. We published v=DMARC1; p=none; rua={Rua}: reports now come to this service and mail delivery does not change. Nothing to do.\n  - c.example\n", text, StringComparison.Ordinal);
        Assert.Contains("Counts\nZones in the task: 3\nProcessed: 3\nDMARC record created: 1\nLeft unchanged: 2\n", text, StringComparison.Ordinal);
        Assert.Contains("See your DMARC reports: https://portal.example/reports", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("two or more DMARC records", StringComparison.Ordinal) < text.IndexOf("a new DMARC record", StringComparison.Ordinal), "what needs the owner comes first");
    }

    [Fact]
    public void A_long_group_lists_the_limit_then_the_count_and_the_task_link_in_both_parts()
    {
        var zones = Enumerable.Range(1, 25).Select(i => $"z{i:00}.example").ToArray();
        var layout = TaskMessage.Compose(Task(TaskKind.Enable, 25), [.. zones.Select(z => Result(z, ZoneChange.Skip(SkipReason.Delegated, "NS")))], Rua, Reports, new Uri("https://api.example/api/tasks/task_1"));

        var text = layout.Text();
        var html = layout.Html();
        Assert.All(zones.Take(TaskMessage.ZonesPerOutcome), z => Assert.Contains("  - " + z + "\n", text, StringComparison.Ordinal));
        Assert.All(zones.Take(TaskMessage.ZonesPerOutcome), z => Assert.Contains(">" + z + "<", html, StringComparison.Ordinal));
        Assert.DoesNotContain("z21.example", text, StringComparison.Ordinal);
        Assert.DoesNotContain("z21.example", html, StringComparison.Ordinal);
        Assert.Contains("and 5 more; every zone is listed in the task: https://api.example/api/tasks/task_1", text, StringComparison.Ordinal);
        Assert.Contains("and 5 more; every zone is listed in the task: <a href=\"https://api.example/api/tasks/task_1\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_api_url_the_email_names_the_api_path()
    {
        var zones = Enumerable.Range(1, 21).Select(i => Result($"z{i:00}.example", ZoneChange.Fail("timeout")));

        var text = TaskMessage.Compose(Task(TaskKind.Enable, 21), [.. zones], Rua, Reports, null).Text();

        Assert.Contains("21 zones could not be changed\n", text, StringComparison.Ordinal);
        Assert.Contains("  - z01.example: timeout\n", text, StringComparison.Ordinal);
        Assert.Contains("and 1 more; every zone is listed in the task: GET /api/tasks/task_1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_outcome_is_in_words_and_the_html_says_what_the_text_says()
    {
        var results = Enum.GetValues<SkipReason>().Select(r => Result((r + ".example").ToLowerInvariant(), ZoneChange.Skip(r, "detail")))
            .Append(Result("created.example", new ZoneChange(Outcome.Created, null, null, null, "x")))
            .Append(Result("updated.example", new ZoneChange(Outcome.Updated, null, null, "x", "y")))
            .Append(Result("failed.example", ZoneChange.Fail("boom")))
            .ToArray();
        foreach (var kind in Enum.GetValues<TaskKind>())
        {
            var layout = TaskMessage.Compose(Task(kind, results.Length), results, Rua, Reports, null);
            var text = layout.Text();
            var html = WebUtility.HtmlDecode(Tags().Replace(layout.Html().Replace("<br>", "\n", StringComparison.Ordinal), " "));

            Assert.All(Enum.GetNames<SkipReason>().Concat(Enum.GetNames<Outcome>().Except(["Created", "Updated", "Deleted", "Skipped", "Failed"])),
                name => Assert.DoesNotContain(" " + name, text, StringComparison.Ordinal));
            Assert.DoesNotContain("left unchanged\nThese zones were left as they were.", text, StringComparison.Ordinal);
            // Table rows are "label: value" in the text and two cells in the HTML: compare up to the colon.
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.TrimStart('-', ' ')))
            {
                Assert.Contains(line.Split(": ")[0], html, StringComparison.Ordinal);
            }
        }
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
