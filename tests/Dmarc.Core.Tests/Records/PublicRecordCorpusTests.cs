using System.Text.Json;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Records;

namespace Dmarc.Core.Tests.Records;

/// <summary>
/// Runs the public record corpus (PublicRecordCorpus.json, written from the test suites of other
/// DMARC implementations and the RFC examples) through enable and disable. The file is read from
/// the repository, found by walking up from the test binaries to the folder holding Serverless.sln.
/// </summary>
public class PublicRecordCorpusTests
{
    private const string CorpusPath = "tests/Dmarc.Core.Tests/Records/PublicRecordCorpus.json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly DnsZone Zone = new("example.com", ZoneKind.Primary, DnssecState.NotSigned);

    private static readonly DmarcUri Ours = DmarcUri.TryParse("mailto:reports@rua.dmarc-monitor.example")!;

    private static readonly Lazy<CorpusEntry[]> Corpus = new(Load);

    public static TheoryData<int, string> Entries
    {
        get
        {
            var data = new TheoryData<int, string>();
            for (var i = 0; i < Corpus.Value.Length; i++)
            {
                data.Add(i, Corpus.Value[i].Record);
            }

            return data;
        }
    }

    [Fact]
    public void The_corpus_has_at_least_150_entries_and_each_names_its_source_and_a_known_verdict()
    {
        Assert.True(Corpus.Value.Length >= 150, $"The corpus has {Corpus.Value.Length} entries.");
        Assert.All(Corpus.Value, entry =>
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.Source), $"No source for {entry.Record}");
            Assert.Contains(entry.Verdict, (string[])["Updated", "AlreadyConfigured", "InvalidRecord", "NotDmarc"]);
            Assert.Equal(entry.Verdict == "Updated", entry.AfterEnable is not null);
        });
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void Each_record_is_planned_as_the_corpus_says(int index, string record)
    {
        var entry = Corpus.Value[index];
        Assert.Equal(entry.Record, record);
        var because = $"#{index} {entry.Source}: {Show(record)}";

        var change = ZonePlanner.PlanEnable(Zone, AtDmarc(record), Ours, "rua.dmarc-monitor.example");

        switch (entry.Verdict)
        {
            case "NotDmarc":
                Assert.False(DmarcRecord.LooksLikeDmarc(record), because);
                Assert.True(change.Outcome == Outcome.Created, $"{because} gave {change.Outcome}");
                break;

            case "InvalidRecord":
                AssertSkipped(SkipReason.InvalidRecord, record, change, because);
                break;

            case "AlreadyConfigured":
                AssertSkipped(SkipReason.AlreadyConfigured, record, change, because);
                break;

            case "Updated":
                var after = entry.AfterEnable!;
                Assert.True(change.Outcome == Outcome.Updated, $"{because} gave {change.Outcome} {change.Reason} {change.Detail}");
                Assert.True(after == change.After, $"{because}: enable gave {Show(change.After)}, expected {Show(after)}");

                var undo = ZonePlanner.PlanDisable(Zone, AtDmarc(after), Ours, createdByService: null);
                Assert.True(undo.Outcome == Outcome.Updated, $"{because}: disable gave {undo.Outcome} {undo.Reason} {undo.Detail}");
                Assert.True(record == undo.After, $"{because}: disable gave {Show(undo.After)}, expected the original");
                break;

            default:
                Assert.Fail($"{because}: unknown verdict '{entry.Verdict}'");
                break;
        }
    }

    private static void AssertSkipped(SkipReason reason, string record, ZoneChange change, string because)
    {
        Assert.True(DmarcRecord.LooksLikeDmarc(record), $"{because} is not recognised as DMARC, so a second record would be created beside it");
        Assert.True(change.Outcome == Outcome.Skipped && change.Reason == reason, $"{because} gave {change.Outcome} {change.Reason} {change.After}, expected Skipped {reason}");
    }

    private static RecordSet[] AtDmarc(string value) => [new RecordSet("_dmarc.example.com", "TXT", 3600, [value])];

    private static string Show(string? text) => text is null ? "(null)" : JsonSerializer.Serialize(text);

    private static CorpusEntry[] Load()
    {
        var path = Path.Combine(FindRoot(), CorpusPath);
        var entries = JsonSerializer.Deserialize<CorpusEntry[]>(File.ReadAllText(path), JsonOptions);
        return entries ?? throw new InvalidDataException($"{path} holds no entries.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Serverless.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>One corpus entry; afterDisable is always <see cref="Record"/>.</summary>
    public sealed record CorpusEntry(string Source, string Record, string Verdict, string? AfterEnable, string? Why);
}
