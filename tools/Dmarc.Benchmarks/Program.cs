using System.Diagnostics;
using System.Globalization;
using Dmarc.Adapters;
using Dmarc.Adapters.Dns;
using Dmarc.Adapters.Storage;
using Dmarc.Benchmarks;
using Dmarc.Core;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

if (args.ElementAtOrDefault(0) == "ReportBomb")
{
    ReportBombBenchmark.Run(args[1..]);
    return;
}

if (args.ElementAtOrDefault(0) == "Rollup")
{
    await RollupBenchmark.RunAsync(args[1..]);
    return;
}

if (args.ElementAtOrDefault(0) == "Ingest")
{
    await IngestionBenchmark.RunAsync(args[1..]);
    return;
}

if (args.ElementAtOrDefault(0) == "ParseBytes")
{
    ParseBytesBenchmark.Run(args[1..]);
    return;
}

if (args.ElementAtOrDefault(0) == "Parse")
{
    ParserBenchmark.Run(args[1..]);
    return;
}

if (args.ElementAtOrDefault(0) == "ParseMemory")
{
    ParserBenchmark.Memory(args[1..]);
    return;
}

if (args.ElementAtOrDefault(0) == "IpLookup")
{
    IpLookupBenchmark.Run(args[1..]);
    return;
}

// Usage: Dmarc.Benchmarks <Hosted|PowerDns> <zones> [concurrency]   (or ReportBomb [parts] [records per part], IpLookup [lookups], Rollup [domains] [senders] [days] [workers] [azurite|memory])
// Seeds an account with <zones> zones (a third with an existing DMARC record), then enables
// monitoring the way the function app does: StartAsync fans out, ProcessAsync per zone with
// <concurrency> workers standing in for function instances. Prints zones per second and the
// share of worker time spent waiting on the DNS provider.
var kind = Enum.Parse<DnsProviderKind>(args.ElementAtOrDefault(0) ?? "Hosted", ignoreCase: true);
var zoneCount = int.Parse(args.ElementAtOrDefault(1) ?? "1000", CultureInfo.InvariantCulture);
var concurrency = int.Parse(args.ElementAtOrDefault(2) ?? "16", CultureInfo.InvariantCulture);
var prefix = "b" + Guid.NewGuid().ToString("N")[..8];

var configuration = BenchmarkSettings.For(prefix, $"{prefix}-reports.example", new Dictionary<string, string?>
{
    ["Dns:Provider"] = kind.ToString(),
    ["Dns:ReportingProvider"] = kind.ToString(),
    ["PowerDns:ApiUrl"] = "http://127.0.0.1:8081/",
    ["PowerDns:ApiKey"] = Environment.GetEnvironmentVariable("PowerDns__ApiKey") ?? "local-pdns-api-key",
});

var services = new ServiceCollection()
    .AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
    .AddDmarcCore()
    .AddDmarcAdapters(configuration);
services.AddSingleton(sp => new TimedDnsProvider(kind == DnsProviderKind.PowerDns ? sp.GetRequiredService<PowerDnsProvider>() : sp.GetRequiredService<HostedDnsProvider>()));
services.AddSingleton<IDnsProvider>(sp => sp.GetRequiredService<TimedDnsProvider>());
await using var provider = services.BuildServiceProvider();
await provider.GetRequiredService<StorageInitializer>().EnsureCreatedAsync();
var dns = provider.GetRequiredService<TimedDnsProvider>();
var account = "acc_" + prefix;

Console.WriteLine($"Seeding {zoneCount} zones in {kind}...");
if (kind == DnsProviderKind.PowerDns)
{
    await dns.CreateZoneAsync("service", new DnsZone($"{prefix}-reports.example", ZoneKind.Primary, DnssecState.NotSigned));
}

// Seeding is not measured; PowerDNS's SQLite backend refuses many concurrent writers ("database is locked"), so it seeds with few.
await Parallel.ForEachAsync(Enumerable.Range(0, zoneCount), new ParallelOptions { MaxDegreeOfParallelism = kind == DnsProviderKind.PowerDns ? 2 : concurrency }, async (i, ct) =>
{
    var zone = $"z{i}-{prefix}.example";
    await dns.CreateZoneAsync(account, new DnsZone(zone, ZoneKind.Primary, DnssecState.NotSigned), ct);
    if (i % 3 == 0)
    {
        await dns.UpsertRecordSetAsync(zone, new RecordSet("_dmarc." + zone, "TXT", 3600, ["v=DMARC1; p=quarantine; rua=mailto:dmarc@" + zone]), ct);
    }
});

dns.Reset();
var tasks = provider.GetRequiredService<MonitoringTaskService>();
var clock = Stopwatch.StartNew();
// Every zone named, so the task starts Running with its total, as after a listing; the zones are then worked here, not from the queue.
var zones = await dns.ListZoneNamesAsync(account);
var started = (StartTaskResult.Started)await tasks.StartAsync(account, TaskKind.Enable, dryRun: false, domains: zones);
await Parallel.ForEachAsync(zones, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (zone, ct) =>
    await tasks.ProcessAsync(ZoneWorkItem.For(started.Task, zone), ct));
clock.Stop();

var view = await tasks.GetAsync(started.Task.Id);
var share = dns.Waiting.TotalSeconds / (clock.Elapsed.TotalSeconds * concurrency);
foreach (var failed in view!.Results.Where(r => r.Change.Outcome == Outcome.Failed).Take(3))
{
    Console.WriteLine($"  failed {failed.Zone}: {failed.Change.Detail}");
}

var outcomes = string.Join(", ", view!.Counts.ByOutcome.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}"));
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"{kind}: {zoneCount} zones in {clock.Elapsed.TotalSeconds:0.0} s = {zoneCount / clock.Elapsed.TotalSeconds:0.0} zones/s with {concurrency} workers; provider calls {dns.Calls}, waiting on the provider {share:P0} of worker time; status {view.Task.Status}, {outcomes}"));
