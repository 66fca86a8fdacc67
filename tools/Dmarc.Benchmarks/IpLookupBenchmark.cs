using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Dmarc.Adapters.IpData;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dmarc.Benchmarks;

/// <summary>
/// IpLookup [lookups]: loads the installed IP data (scripts/install-ipdata.sh) the way the app does,
/// prints the load time and the managed memory it holds, then lookups per second of the ASN table
/// alone and of a whole lookup (country and ASN), on one thread and on every core. Addresses are
/// drawn once, before timing, from the IPv4 space and from the IPv6 ranges of the data.
/// </summary>
internal static class IpLookupBenchmark
{
    public static void Run(string[] args)
    {
        var lookups = int.Parse(args.ElementAtOrDefault(0) ?? "2000000", CultureInfo.InvariantCulture);
        var directory = IpDataOptions.Resolve(Environment.GetEnvironmentVariable("IpData__DataDirectory"), AppContext.BaseDirectory)
            ?? throw new DirectoryNotFoundException($"No IP data at or above {AppContext.BaseDirectory}: run {IpDataOptions.SetupCommand}.");

        // The ASN table alone first, for its share of the memory; then the whole adapter as the app loads it.
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var firstLoad = Stopwatch.StartNew();
        var table = AsnTable.Load(Path.Combine(directory, IpDataOptions.Ipv4AsnFile), Path.Combine(directory, IpDataOptions.Ipv6AsnFile));
        firstLoad.Stop();
        var tableHeld = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(table);
        table = null;

        before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        using var intelligence = new IpDataIntelligence(Options.Create(new IpDataOptions { DataDirectory = directory }), NullLogger<IpDataIntelligence>.Instance);
        var asn = intelligence.Asn;
        var loadTime = clock.Elapsed;
        var allocatedWhileLoading = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ASN CSV read in {firstLoad.Elapsed.TotalSeconds:0.00} s (first read); the whole adapter (CSV again and MMDB) loaded in {loadTime.TotalSeconds:0.00} s: {asn.Ipv4Ranges:N0} IPv4 and {asn.Ipv6Ranges:N0} IPv6 ranges, {asn.OrganisationCount:N0} organisations, country database built {intelligence.CountryBuildDate:yyyy-MM-dd}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"managed memory held: {held / 1048576.0:0.0} MiB in all; the ASN table {tableHeld / 1048576.0:0.0} MiB (range and entry arrays {asn.ArrayBytes / 1048576.0:0.0} MiB, the rest the organisation names); allocated while loading {allocatedWhileLoading / 1048576.0:0.0} MiB; process working set {Environment.WorkingSet / 1048576.0:0} MiB"));

        var ipv4 = Ipv4Sample(lookups);
        var ipv6 = Ipv6Sample(Path.Combine(directory, IpDataOptions.Ipv6AsnFile), lookups);
        Measure("IPv4, ASN table", ipv4, a => asn.TryFind(a, out _, out _));
        Measure("IPv6, ASN table", ipv6, a => asn.TryFind(a, out _, out _));
        Measure("IPv4, country + ASN", ipv4, a => intelligence.Lookup(a));
        Measure("IPv6, country + ASN", ipv6, a => intelligence.Lookup(a));
        MeasureParallel("IPv4, country + ASN", ipv4, a => intelligence.Lookup(a));
    }

    private static IPAddress[] Ipv4Sample(int count)
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)random.NextInt64(0x01000000, 0xE0000000)); // 1.0.0.0 to 223.255.255.255
            return new IPAddress(bytes);
        })];
    }

    // Addresses inside the file's ranges: IPv6 space is so sparse that random addresses would all miss.
    private static IPAddress[] Ipv6Sample(string csv, int count)
    {
        var starts = File.ReadLines(csv)
            .Select(line => UInt128.Parse(line.AsSpan(0, line.IndexOf(',', StringComparison.Ordinal)), CultureInfo.InvariantCulture))
            .ToArray();
        var random = new Random(7);
        return [.. Enumerable.Range(0, count).Select(_ => ToAddress(starts[random.Next(starts.Length)] + (UInt128)(uint)random.Next()))];
    }

    private static IPAddress ToAddress(UInt128 number)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, number);
        return new IPAddress(bytes);
    }

    private static void Measure(string label, IPAddress[] addresses, Action<IPAddress> lookup)
    {
        foreach (var address in addresses.AsSpan(0, Math.Min(addresses.Length, 100_000)))
        {
            lookup(address);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        foreach (var address in addresses)
        {
            lookup(address);
        }

        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}, 1 thread: {addresses.Length / clock.Elapsed.TotalSeconds:N0} lookups/s ({clock.Elapsed.TotalNanoseconds / addresses.Length:0} ns each, {(double)allocated / addresses.Length:0} bytes allocated each)"));
    }

    private static void MeasureParallel(string label, IPAddress[] addresses, Action<IPAddress> lookup)
    {
        var threads = Environment.ProcessorCount;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (var i = t; i < addresses.Length; i += threads)
            {
                lookup(addresses[i]);
            }
        });
        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}, {threads} threads: {addresses.Length / clock.Elapsed.TotalSeconds:N0} lookups/s"));
    }
}
