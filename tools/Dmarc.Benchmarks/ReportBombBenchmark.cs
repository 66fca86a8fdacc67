using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dmarc.Core.Reports;
using Dmarc.Tests.Shared;

namespace Dmarc.Benchmarks;

/// <summary>
/// ReportBomb [parts] [records per part]: an e-mail of many gzip parts, parsed once with a budget
/// that fits them all and once with a budget of half of them (refused part-way). Prints the peak
/// managed heap while parsing: one part's XML in flight plus the reports parsed so far.
/// </summary>
internal static class ReportBombBenchmark
{
    public static void Run(string[] args)
    {
        var parts = int.Parse(args.ElementAtOrDefault(0) ?? "10", CultureInfo.InvariantCulture);
        var records = int.Parse(args.ElementAtOrDefault(1) ?? "40000", CultureInfo.InvariantCulture);
        var xml = Enumerable.Range(1, parts).Select(i => Encoding.UTF8.GetBytes(ReportGenerator.Xml(records, distinctIps: records, reportId: $"bomb-{i}"))).ToArray();
        var mail = ReportMail.WithGzipParts(xml);
        var inflated = xml.Sum(x => (long)x.Length);
        var perPart = xml.Max(x => x.Length);
        xml = null;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{parts} parts, {mail.Length / 1024} KiB compressed, {inflated / 1024 / 1024} MiB inflated ({perPart / 1024 / 1024} MiB per part)"));

        Measure("budget fits all parts", mail, ReportLimits.Default with { MaxDecompressedBytes = perPart + 1, MaxDocumentDecompressedBytes = inflated + 1 });
        Measure("budget of half the parts", mail, ReportLimits.Default with { MaxDecompressedBytes = perPart + 1, MaxDocumentDecompressedBytes = inflated / 2 });
    }

    private static void Measure(string label, byte[] mail, ReportLimits limits)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = baseline;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(5);
            }
        });
        var clock = Stopwatch.StartNew();
        string outcome;
        try
        {
            outcome = $"{ReportParser.Parse(mail, limits, "bomb.eml").Count} reports";
        }
        catch (ReportFormatException ex)
        {
            outcome = "refused: " + ex.Message;
        }

        clock.Stop();
        done.Cancel();
        sampler.Wait();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label}: {outcome} in {clock.Elapsed.TotalSeconds:0.0} s; peak managed heap {(peak - baseline) / 1024 / 1024} MiB over the baseline"));
    }
}
