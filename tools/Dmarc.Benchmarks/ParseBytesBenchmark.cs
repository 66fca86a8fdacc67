using System.Diagnostics;
using System.Globalization;
using Dmarc.Core.Reports;

namespace Dmarc.Benchmarks;

/// <summary>
/// ParseBytes [MB]: a generated report of [MB] held in memory (as ingestion holds the host's bytes),
/// parsed with <see cref="ReportParser"/> into a report with all its records, as ingestion does.
/// Prints the time and the process's peak working set; the same file builds against older
/// versions of the parser, for before/after figures (docs/performance.md).
/// </summary>
internal static class ParseBytesBenchmark
{
    public static void Run(string[] args)
    {
        var megabytes = int.Parse(args.ElementAtOrDefault(0) ?? "100", CultureInfo.InvariantCulture);
        var xml = GeneratedReportStream.Bytes(megabytes * 1024L * 1024);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.PeakWorkingSet64;
        var clock = Stopwatch.StartNew();
        var report = ReportParser.Parse(xml, new ReportLimits(long.MaxValue, long.MaxValue, long.MaxValue, int.MaxValue, 32), "generated").Single();
        clock.Stop();
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {megabytes,4} MB in memory, {report.Records.Count:N0} records: {clock.Elapsed.TotalSeconds:0.00} s = {megabytes / clock.Elapsed.TotalSeconds:0.0} MB/s; peak working set {process.PeakWorkingSet64 / 1024 / 1024} MiB ({before / 1024 / 1024} MiB with the bytes alone)"));
    }
}
