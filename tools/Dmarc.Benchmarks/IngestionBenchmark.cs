using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Reports;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Benchmarks;

/// <summary>
/// Ingest [small] [medium] [large records]: generated reports ([small] of 10 records, [medium] of
/// 1,000, one gzipped of [large records], default 100,000) go through ingestion into Azurite as the blob
/// function runs it, with the bytes the host sends. Then the rows ingestion wrote (report headers and
/// contributions) are read back and written again into fresh tables with raw batched transactions (100
/// entities per batch, the same partitions): the floor for those rows. Prints reports/s, records/s
/// and the ratio of ingestion time to the raw writes.
/// </summary>
internal static class IngestionBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var small = int.Parse(args.ElementAtOrDefault(0) ?? "20", CultureInfo.InvariantCulture);
        var medium = int.Parse(args.ElementAtOrDefault(1) ?? "5", CultureInfo.InvariantCulture);
        var large = int.Parse(args.ElementAtOrDefault(2) ?? "100000", CultureInfo.InvariantCulture);
        var prefix = "i" + Guid.NewGuid().ToString("N")[..8];
        var configuration = BenchmarkSettings.For(prefix, $"{prefix}-reports.example");
        await using var provider = await BenchmarkSettings.ServicesAsync(configuration);
        var names = provider.GetRequiredService<StorageNames>();
        var tables = provider.GetRequiredService<TableServiceClient>();
        var inbound = provider.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(names.Container(StorageNames.Inbound));
        try
        {
            var documents = Documents(small, medium, large);
            foreach (var (name, bytes, _) in documents)
            {
                await inbound.UploadBlobAsync(name, new BinaryData(bytes));
            }

            var ingestion = provider.GetRequiredService<ReportIngestion>();
            var clock = Stopwatch.StartNew();
            foreach (var (name, bytes, _) in documents)
            {
                var outcome = await ingestion.IngestAsync(name, new InboundContent(bytes.Length, bytes));
                if (outcome.Quarantined is { } q)
                {
                    throw new InvalidOperationException($"{name} was quarantined: {q.Reason}");
                }
            }

            var ingested = clock.Elapsed;
            var records = documents.Sum(d => (long)d.Records);
            var (rows, raw) = await RawWritesAsync(tables, names, prefix);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{documents.Count} reports ({small} x 10, {medium} x 1,000, 1 x {large:N0} records = {records:N0} records, {documents.Sum(d => (long)d.Bytes.Length) / 1024 / 1024} MiB): ingestion {ingested.TotalSeconds:0.0} s = {documents.Count / ingested.TotalSeconds:0.0} reports/s, {records / ingested.TotalSeconds:N0} records/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  the same {rows:N0} rows written raw in batches of 100: {raw.TotalSeconds:0.0} s; ingestion / raw = {ingested / raw:0.00}"));
        }
        finally
        {
            await AzuriteCleanup.DeletePrefixedAsync(prefix);
        }
    }

    private static List<(string Name, byte[] Bytes, int Records)> Documents(int small, int medium, int large)
    {
        var documents = new List<(string, byte[], int)>();
        void Add(string name, int records, int index) =>
            documents.Add((name, Encoding.UTF8.GetBytes(ReportGenerator.Xml(records, distinctIps: Math.Max(1, records / 2), policyDomain: $"bench{index % 10}.example", reportId: name, seed: index)), records));
        for (var i = 0; i < small; i++)
        {
            Add($"small-{i}.xml", 10, i);
        }

        for (var i = 0; i < medium; i++)
        {
            Add($"medium-{i}.xml", 1000, i);
        }

        // Gzipped, as receivers send large reports (50 MB of XML would be over the compressed-size limit).
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(large, distinctIps: Math.Max(1, large / 2), policyDomain: "bench0.example", reportId: "large", seed: 0));
        documents.Add(("large.xml.gz", ReportMail.Gzip(xml), large));
        return documents;
    }

    /// <summary>Reads back the report and contribution rows, then times writing them again, raw, into fresh tables.</summary>
    private static async Task<(long Rows, TimeSpan Elapsed)> RawWritesAsync(TableServiceClient tables, StorageNames names, string prefix)
    {
        var batches = new List<(TableClient Table, TableTransactionAction[] Batch)>();
        long rows = 0;
        foreach (var source in new[] { StorageNames.Reports, StorageNames.Contributions })
        {
            var entities = new List<TableEntity>();
            await foreach (var e in tables.GetTableClient(names.Table(source)).QueryAsync<TableEntity>())
            {
                entities.Add(e);
            }

            var target = tables.GetTableClient(prefix + "raw" + source);
            await target.CreateIfNotExistsAsync();
            rows += entities.Count;
            batches.AddRange(entities.GroupBy(e => e.PartitionKey).SelectMany(p => p.Chunk(100))
                .Select(chunk => (target, chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(e.Where(p => p.Key is not ("odata.etag" or "Timestamp")).ToDictionary()))).ToArray())));
        }

        var clock = Stopwatch.StartNew();
        foreach (var (table, batch) in batches)
        {
            await table.SubmitTransactionAsync(batch);
        }

        return (rows, clock.Elapsed);
    }
}
