using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Xml;
using Dmarc.Core.Reports;

namespace Dmarc.Benchmarks;

/// <summary>
/// Parse [MB] [corpus-file]: throughput of the streaming parser on a generated report of [MB]
/// (default 100) and on the corpus's large report, against a raw XmlReader read of the same bytes
/// (every node read and every text value taken: the floor any XML parser pays), then the same
/// report gzipped and zipped, against decompression alone (records handed over one by one in
/// every parse, so the figures are the parser's, not the garbage collector's). ParseMemory [MB] [records|list]: parses
/// a generated report of [MB] as it is generated and prints the process's peak working set; run
/// once per size, in its own process (scripts/bench-parser.sh).
/// </summary>
internal static class ParserBenchmark
{
    private const int Runs = 8;

    public static void Run(string[] args)
    {
        var megabytes = int.Parse(args.ElementAtOrDefault(0) ?? "100", CultureInfo.InvariantCulture);
        var corpusFile = args.ElementAtOrDefault(1);
        var limits = Unlimited();
        var generated = GeneratedReportStream.Bytes(megabytes * 1024L * 1024);
        Compare($"generated {megabytes} MB", generated, limits);
        if (corpusFile is not null)
        {
            var large = File.ReadAllBytes(corpusFile);
            // Small enough for timer noise: read as many times as fits in about 100 MB.
            Compare($"corpus {Path.GetFileName(corpusFile)} ({large.Length / 1024} KiB) x{Math.Max(1, generated.Length / large.Length)}", large, limits, Math.Max(1, generated.Length / large.Length));
        }

        Compressed($"generated {megabytes} MB", generated, limits);
        if (corpusFile is not null)
        {
            Compressed(Path.GetFileName(corpusFile), File.ReadAllBytes(corpusFile), limits);
        }
    }

    public static void Memory(string[] args)
    {
        var megabytes = int.Parse(args.ElementAtOrDefault(0) ?? "100", CultureInfo.InvariantCulture);
        var keep = args.ElementAtOrDefault(1) == "list";
        var source = new GeneratedReportStream(megabytes * 1024L * 1024);
        var clock = Stopwatch.StartNew();
        long records = 0;
        var report = XmlReportParser.Parse(source, Unlimited(), keep ? null : _ => records++);
        clock.Stop();
        records += report.Records.Count;
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {megabytes,4} MB uncompressed, {records,9:N0} records {(keep ? "kept in a list" : "handed over one by one")}: {clock.Elapsed.TotalSeconds:0.0} s, peak working set {process.PeakWorkingSet64 / 1024 / 1024} MiB, GC heap after {GC.GetTotalMemory(false) / 1024 / 1024} MiB"));
        GC.KeepAlive(report);
    }

    private static ReportLimits Unlimited() => new(long.MaxValue, long.MaxValue, long.MaxValue, int.MaxValue, 32);

    private static void Compare(string label, byte[] xml, ReportLimits limits, int repeat = 1)
    {
        long records = 0;
        // Alternated, so a slow moment of the machine costs both alike; the best of each counts.
        var raw = TimeSpan.MaxValue;
        var parse = TimeSpan.MaxValue;
        for (var i = 0; i < Runs; i++)
        {
            raw = Min(raw, Best(() => Repeat(repeat, () => RawRead(new MemoryStream(xml))), 1));
            records = 0;
            parse = Min(parse, Best(() => Repeat(repeat, () => XmlReportParser.Parse(new MemoryStream(xml), limits, _ => records++)), 1));
        }

        records /= 2;
        var megabytes = xml.LongLength * repeat / 1024.0 / 1024;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: parser {megabytes / parse.TotalSeconds:0.0} MB/s, {records / parse.TotalSeconds:N0} records/s; raw XmlReader {megabytes / raw.TotalSeconds:0.0} MB/s; ratio {raw / parse:0.00}"));
    }

    private static void Compressed(string label, byte[] xml, ReportLimits limits)
    {
        var gzip = Gzip(xml);
        var zip = Zip(xml);
        foreach (var (name, bytes, inflate) in new (string, byte[], Func<Stream>)[]
        {
            ("gzip", gzip, () => new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress)),
            ("zip", zip, () => new ZipArchive(new MemoryStream(zip)).Entries[0].Open()),
        })
        {
            var alone = Best(() =>
            {
                using var stream = inflate();
                stream.CopyTo(Stream.Null);
            });
            var parse = Best(() => ReportParser.Parse(new MemoryStream(bytes), limits, name, _ => { }));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label} as {name} ({bytes.Length / 1024} KiB compressed, {xml.Length / 1024} KiB inflated): decompression alone {xml.Length / 1024.0 / 1024 / alone.TotalSeconds:0.0} MB/s, decompression + parse {xml.Length / 1024.0 / 1024 / parse.TotalSeconds:0.0} MB/s; ratio {alone / parse:0.00}"));
        }
    }

    /// <summary>The floor: every node read and every text value taken, with the parser's reader settings.</summary>
    private static void RawRead(Stream xml)
    {
        using var reader = XmlReader.Create(xml, new XmlReaderSettings { IgnoreWhitespace = true, IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit });
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Text)
            {
                _ = reader.Value;
            }
        }
    }

    private static void Repeat(int times, Action action)
    {
        for (var i = 0; i < times; i++)
        {
            action();
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The fastest of <paramref name="runs"/> runs after one warm-up.</summary>
    private static TimeSpan Best(Action action, int runs = Runs)
    {
        action();
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        return best;
    }

    private static byte[] Gzip(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return compressed.ToArray();
    }

    private static byte[] Zip(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var archive = new ZipArchive(compressed, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry("report.xml", CompressionLevel.Optimal).Open())
        {
            entry.Write(content);
        }

        return compressed.ToArray();
    }
}
