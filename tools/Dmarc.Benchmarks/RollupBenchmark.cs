using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Ingestion;
using Dmarc.Core.Reports;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dmarc.Benchmarks;

/// <summary>
/// Rollup scale check (not a test): Dmarc.Benchmarks Rollup [domains] [senders] [days] [workers] [azurite|memory].
/// Azurite: ingests one report per (domain, day) with one IP per sender through ReportIngestion (so
/// the marks are written as in production), classifies every IP as its own hosted server, then times
/// a full rollup of every day, a rollup after one new day of reports and one with nothing new; its
/// own table prefix, deleted at the end. Memory: the same data in <see cref="TableShapedRollupPorts"/>,
/// for sizes Azurite cannot hold, printing the storage calls and rows each run costs.
/// </summary>
internal static class RollupBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var domains = int.Parse(args.ElementAtOrDefault(0) ?? "1000", CultureInfo.InvariantCulture);
        var senders = int.Parse(args.ElementAtOrDefault(1) ?? "50", CultureInfo.InvariantCulture);
        var days = int.Parse(args.ElementAtOrDefault(2) ?? "30", CultureInfo.InvariantCulture);
        var workers = int.Parse(args.ElementAtOrDefault(3) ?? "16", CultureInfo.InvariantCulture);
        if (args.ElementAtOrDefault(4) == "memory")
        {
            await RunInMemoryAsync(domains, senders, days);
            return;
        }

        var prefix = "r" + Guid.NewGuid().ToString("N")[..8];
        var configuration = BenchmarkSettings.For(prefix, "dmarc-monitor.example");
        await using var provider = await BenchmarkSettings.ServicesAsync(configuration);
        var ingestion = provider.GetRequiredService<ReportIngestion>();
        var classes = provider.GetRequiredService<ISenderClassifications>();
        var rollup = provider.GetRequiredService<RollupService>();
        var first = new DateOnly(2026, 10, 1);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = workers };
        try
        {
            var seed = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, domains), parallel, async (d, ct) =>
            {
                for (var day = 0; day < days; day++)
                {
                    await IngestAsync(ingestion, d, senders, first.AddDays(day), ct);
                }

                for (var s = 0; s < senders; s++)
                {
                    var ip = Ip(d, s);
                    await classes.UpdateAsync(Domain(d), ip, _ => Classification(d, s), ct);
                }
            });
            Console.WriteLine($"seeded {domains} domains x {senders} senders x {days} days ({domains * senders * days:N0} contribution rows) in {seed.Elapsed.TotalSeconds:F1} s");

            var full = await TimeAsync(rollup);
            Console.WriteLine($"full rollup: {full.Outcome.Days:N0} daily summaries of {full.Outcome.Domains:N0} domains from {full.Outcome.Marks:N0} marks in {full.Seconds:F1} s");

            await Parallel.ForEachAsync(Enumerable.Range(0, domains), parallel, async (d, ct) => await IngestAsync(ingestion, d, senders, first.AddDays(days), ct));
            var next = await TimeAsync(rollup);
            Console.WriteLine($"after one new day: {next.Outcome.Days:N0} daily summaries of {next.Outcome.Domains:N0} domains from {next.Outcome.Marks:N0} marks in {next.Seconds:F1} s ({full.Seconds / Math.Max(next.Seconds, 0.001):F0}x cheaper)");

            var idle = await TimeAsync(rollup);
            Console.WriteLine($"with nothing new: {idle.Outcome.Days:N0} daily summaries in {idle.Seconds:F2} s");
        }
        finally
        {
            await AzuriteCleanup.DeletePrefixedAsync(prefix);
        }
    }

    private static async Task RunInMemoryAsync(int domains, int senders, int days)
    {
        var calls = new StorageCalls();
        var ports = new TableShapedRollupPorts(calls);
        var rollup = new RollupService(ports, ports, ports, ports, ports, ports, ports, TimeProvider.System, NullLogger<RollupService>.Instance);
        var first = new DateOnly(2026, 10, 1);
        var seed = Stopwatch.StartNew();
        for (var d = 0; d < domains; d++)
        {
            for (var day = 0; day < days; day++)
            {
                Seed(ports, d, senders, first.AddDays(day));
            }

            for (var s = 0; s < senders; s++)
            {
                ports.Classify(Classification(d, s));
            }
        }

        Console.WriteLine($"seeded {domains} domains x {senders} senders x {days} days ({domains * senders * days:N0} contribution rows) in memory in {seed.Elapsed.TotalSeconds:F1} s");
        await ReportInMemoryAsync("full rollup", rollup, calls);
        for (var d = 0; d < domains; d++)
        {
            Seed(ports, d, senders, first.AddDays(days));
        }

        await ReportInMemoryAsync("after one new day", rollup, calls);
        await ReportInMemoryAsync("with nothing new", rollup, calls);
    }

    private static async Task ReportInMemoryAsync(string name, RollupService rollup, StorageCalls calls)
    {
        calls.Reset();
        var (outcome, seconds) = await TimeAsync(rollup);
        Console.WriteLine($"{name}: {outcome.Days:N0} daily summaries of {outcome.Domains:N0} domains from {outcome.Marks:N0} marks in {seconds:F2} s of compute; {calls.Calls:N0} storage calls reading {calls.Rows:N0} rows");
    }

    private static void Seed(TableShapedRollupPorts ports, int d, int senders, DateOnly day)
    {
        var key = $"{d}-{day:yyyyMMdd}";
        ports.Ingest(key, Domain(d), day, Enumerable.Range(0, senders).Select(s =>
        {
            var total = 10L + s;
            return new Contribution(Domain(d), day, key, Ip(d, s), total, total, total, s % 3 == 0 ? 0 : total, total, 0, 0);
        }));
    }

    private static SenderClassification Classification(int d, int s)
    {
        var ip = Ip(d, s);
        return new SenderClassification(Domain(d), ip, SenderClass.HostedServer, "hosted_" + ip, "Benchmark Hosting", null, "bench",
            new IpFacts(ip, ReverseDnsResult.None, "DE", 64500, "Benchmark Hosting", DateTimeOffset.UtcNow), new IpSenderEvidence([], [], false), DateTimeOffset.UtcNow);
    }

    private static async Task<(RollupOutcome Outcome, double Seconds)> TimeAsync(RollupService rollup)
    {
        var watch = Stopwatch.StartNew();
        var outcome = await rollup.RunAsync(false);
        return (outcome, watch.Elapsed.TotalSeconds);
    }

    private static string Domain(int d) => $"d{d}.rollup-bench.example";

    private static string Ip(int d, int s) => $"10.{d / 250}.{d % 250}.{s + 1}";

    private static Task<IngestionOutcome> IngestAsync(ReportIngestion ingestion, int d, int senders, DateOnly day, CancellationToken cancellationToken)
    {
        var begin = new DateTimeOffset(day.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero).ToUnixTimeSeconds();
        var xml = new StringBuilder().Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?><feedback><report_metadata><org_name>bench.example</org_name><email>b@bench.example</email>
            <report_id>{d}-{day:yyyyMMdd}</report_id><date_range><begin>{begin}</begin><end>{begin + 3600}</end></date_range></report_metadata>
            <policy_published><domain>{Domain(d)}</domain><p>none</p></policy_published>
            """);
        for (var s = 0; s < senders; s++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<record><row><source_ip>{Ip(d, s)}</source_ip><count>{10 + s}</count><policy_evaluated><disposition>none</disposition><dkim>{(s % 3 == 0 ? "fail" : "pass")}</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>{Domain(d)}</header_from></identifiers><auth_results><spf><domain>{Domain(d)}</domain><result>pass</result></spf></auth_results></record>");
        }

        var bytes = Encoding.UTF8.GetBytes(xml.Append("</feedback>").ToString());
        return ingestion.IngestAsync($"bench/{d}/{day:yyyyMMdd}.xml", new InboundContent(bytes.Length, bytes), cancellationToken);
    }
}
