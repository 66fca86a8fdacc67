using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Dmarc.Core.Ingestion;
using Dmarc.Core.Reports;
using Dmarc.Tests.Shared;
using Xunit.Abstractions;

namespace Dmarc.Core.Tests.Reports.Fuzzing;

/// <summary>
/// Bounded mutation fuzzing over every corpus file (a fixed seed, so a failure reproduces): each
/// case goes through the format detector, the parser and the daily split, and is either parsed
/// or refused with a <see cref="ReportFormatException"/> and a reason, within a time and an
/// allocation limit. <c>scripts/fuzz.sh</c> runs the same test longer (Fuzz__Cases, Fuzz__Seed).
/// </summary>
public sealed partial class ReportFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(20);

    /// <summary>Small limits, so bombs and nesting hit them fast; the allocation bound follows from them.</summary>
    private static readonly ReportLimits Limits = new(4 * 1024 * 1024, 8 * 1024 * 1024, 16 * 1024 * 1024, 50_000, 32);

    private const long AllocationLimit = 512L * 1024 * 1024;

    [Fact]
    public async Task Every_mutated_corpus_file_is_parsed_or_refused_with_a_reason()
    {
        var cases = Setting("Fuzz__Cases", 10_000);
        var seed = Setting("Fuzz__Seed", 20261202);
        var files = Directory.EnumerateFiles(RepoPaths.Corpus, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("LICENSE", StringComparison.Ordinal) && Path.GetFileName(f) != "README.md")
            .Order(StringComparer.Ordinal)
            .ToArray();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var parsed = 0;
        var maxAllocated = 0L;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < cases; i++)
        {
            var file = files[i % files.Length];
            // Not HashCode.Combine: it is seeded afresh in every process, and a case must reproduce from the seed alone.
            var random = new Random(unchecked((seed * 1_000_003) + i));
            var original = File.ReadAllBytes(file);
            // The large report gets a few cases; mutating it thousands of times adds time, not coverage.
            if (original.Length > 256 * 1024 && i % (files.Length * 25) >= files.Length)
            {
                continue;
            }

            var (input, mutations) = ReportMutator.Mutate(original, random);
            var name = $"case {i} (seed {seed}, {Path.GetFileName(file)}, {mutations})";
            var run = Task.Run(() => RunCase(input, name));
            Assert.True(await Task.WhenAny(run, Task.Delay(CaseLimit)) == run, $"{name} took more than {CaseLimit.TotalSeconds} s.");
            var (outcome, allocated) = await run;
            Assert.True(allocated <= AllocationLimit, $"{name} allocated {allocated} bytes.");
            maxAllocated = Math.Max(maxAllocated, allocated);
            parsed += outcome is null ? 1 : 0;
            outcomes[outcome ?? "parsed"] = outcomes.GetValueOrDefault(outcome ?? "parsed") + 1;
        }

        var total = outcomes.Values.Sum();
        output.WriteLine($"fuzz: {total} cases over {files.Length} corpus files, seed {seed}, {clock.Elapsed.TotalSeconds:0.0} s, most allocated by one case {maxAllocated / (1024 * 1024)} MiB");
        output.WriteLine($"parsed {parsed}, refused {total - parsed}");
        foreach (var (reason, count) in outcomes.OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{count,6}  {reason}");
        }

        Assert.True(parsed > 0 && parsed < total, "the mutations both keep and break reports");
    }

    /// <summary>Null when parsed (and split), else the reason's shape; any other exception fails the test with the case.</summary>
    private static (string? Outcome, long Allocated) RunCase(byte[] input, string name)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            _ = ReportFormatSniffer.Detect(input.AsSpan(0, Math.Min(input.Length, 512)));
            foreach (var report in ReportParser.Parse(input, Limits, "input"))
            {
                var rows = DailyBuckets.Split(report);
                if (rows.Sum(r => r.Total) != report.Messages)
                {
                    throw new InvalidOperationException($"{name}: the daily split adds up to {rows.Sum(r => r.Total)}, not {report.Messages}.");
                }
            }

            return (null, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        catch (ReportFormatException ex)
        {
            if (string.IsNullOrWhiteSpace(ex.Message) || ex.Message.Length > 2000)
            {
                throw new InvalidOperationException($"{name}: the reason is empty or {ex.Message.Length} characters long.", ex);
            }

            return (Shape(ex.Message), GC.GetAllocatedBytesForCurrentThread() - before);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"{name} threw {ex.GetType().Name} instead of a ReportFormatException: {ex.Message}", ex);
        }
    }

    /// <summary>The reason without its values: quoted text, numbers and dates become placeholders, cut at 70 characters.</summary>
    private static string Shape(string reason)
    {
        var shape = Digits().Replace(Quoted().Replace(Where().Replace(reason, ""), "'…'"), "N");
        return shape.Length <= 70 ? shape : shape[..70] + "…";
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    /// <summary>Where in the input the reason arose ("input (gzip)/report.xml: "), which varies with the layers around it.</summary>
    [GeneratedRegex(@"^input(?: \(gzip\)|/[^ :]+)*(?::)? ")]
    private static partial Regex Where();

    [GeneratedRegex("'[^']*'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
