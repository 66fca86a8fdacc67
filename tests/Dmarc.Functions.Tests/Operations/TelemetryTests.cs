using System.Diagnostics;
using System.Text;
using Dmarc.Core.Alerts;
using Dmarc.Core.Dns;
using Dmarc.Core.Notifications;
using Dmarc.Core.Senders;
using Dmarc.Core.Telemetry;
using Dmarc.Functions.Hosting;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Dmarc.Functions.Tests.Operations;

/// <summary>The app's counters alone: the Meter is process-wide, so nothing else may run meanwhile.</summary>
[CollectionDefinition(nameof(SerialTelemetry), DisableParallelization = true)]
public sealed class SerialTelemetry;

/// <summary>
/// The app's traces and metrics, read through OpenTelemetry's in-memory exporter added to the app's
/// own providers, after real work against Azurite, MailDev and PowerDNS's resolver.
/// </summary>
[Collection(nameof(SerialTelemetry))]
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly DmarcAppFactory _app;

    public TelemetryTests() =>
        _app = new(services: s => s.AddOpenTelemetry()
            .WithTracing(t => t.AddInMemoryExporter(_spans))
            .WithMetrics(m => m.AddInMemoryExporter(_metrics)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_inbound_blob_is_one_trace_to_its_rows_and_each_counter_counts_what_happened()
    {
        var client = _app.CreateClient();
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(3, 2, policyDomain: "telemetry.example"));
        var inbound = new Azure.Storage.Blobs.BlobContainerClient(Azurite.ConnectionString, _app.Names.Container("inbound"));
        await inbound.CreateIfNotExistsAsync();
        foreach (var (name, content) in new[] { ("otel/report.xml", xml), ("otel/broken.xml", "not a report"u8.ToArray()) })
        {
            // As in Azure: the blob is in inbound, and the host sends its bytes with the trigger.
            await inbound.UploadBlobAsync(name, new BinaryData(content));
            (await TriggerPayloads.IngestAsync(client, name, content)).EnsureSuccessStatusCode();
        }

        var dns = _app.Services.GetRequiredService<IDnsProvider>();
        var zone = $"otel-{Guid.NewGuid():N}.example";
        await dns.CreateZoneAsync("acc_otel", new DnsZone(zone, ZoneKind.Primary, DnssecState.NotSigned));
        await dns.UpsertRecordSetAsync(zone, new RecordSet("_dmarc." + zone, "TXT", 300, ["\"v=DMARC1; p=none\""]));
        await Assert.ThrowsAsync<DnsProviderException>(() => dns.UpsertRecordSetAsync(zone, new RecordSet(zone, "SOA", 300, ["a. b. 1 2 3 4 5"])));
        var to = $"otel-{Guid.NewGuid():N}@example.com";
        var alert = new AlertEvent(AlertType.SsoChange, "acc_otel", null, null, "otel", "Single sign-on was changed.", "none", "Okta", "Check it.", DateTimeOffset.UtcNow);
        Assert.True(await _app.Services.GetRequiredService<AlertDelivery>().DeliverAsync(alert, to, "otel-marker"));
        var lookups = _app.Services.GetRequiredService<SenderLookupService>();
        await lookups.FactsAsync("192.0.2.77");
        await lookups.FactsAsync("192.0.2.77");

        _app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        _app.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var ingest = Assert.Single(_spans, s => s.DisplayName == "ingest report" && s.GetTagItem("dmarc.reports") is 1);
        var invocation = Assert.Single(_spans, s => s.SpanId == ingest.ParentSpanId);
        Assert.Equal(("POST /IngestReport", ActivityKind.Server), (invocation.DisplayName, invocation.Kind));
        var children = _spans.Where(s => s.ParentSpanId == ingest.SpanId).Select(s => s.DisplayName).Order().ToArray();
        Assert.Equal(["archive", "parse", "store report rows"], children);
        Assert.All(_spans.Where(s => s.ParentSpanId == ingest.SpanId), s => Assert.Equal(ingest.TraceId, s.TraceId));
        Assert.Equal(3, _spans.Single(s => s.ParentSpanId == ingest.SpanId && s.DisplayName == "store report rows").GetTagItem("dmarc.records"));
        Assert.Equal(1, Sum("dmarc.documents.ingested"));
        Assert.Equal(3, Sum("dmarc.records"));
        Assert.Equal(1, Sum("dmarc.documents.rejected", ("reason", "NotAReport")));
        // The zone's creation and the TXT record.
        Assert.Equal(2, Sum("dmarc.dns.writes", ("provider", "hosted"), ("outcome", "written")));
        Assert.Equal(1, Sum("dmarc.dns.writes", ("provider", "hosted"), ("outcome", "refused")));
        Assert.Equal(1, Sum("dmarc.alerts.sent", ("type", "SsoChange")));
        Assert.Equal(1, Sum("dmarc.emails.sent"));
        Assert.Equal(0, Sum("dmarc.emails.retried"));
        Assert.Equal((1, 1), (Sum("dmarc.reverse_dns.lookups", ("cache", "miss")), Sum("dmarc.reverse_dns.lookups", ("cache", "hit"))));
        await Eventually.GetAsync(() => MailDev.MessagesToAsync(to), m => m.Count == 1, what: "the alert e-mail in MailDev");
    }

    [Fact]
    public async Task With_an_otlp_endpoint_the_traces_and_metrics_reach_the_collector_over_otlp_http()
    {
        var port = FreePort();
        using var collector = new System.Net.HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new System.Collections.Concurrent.ConcurrentQueue<(string Path, string? ContentType, long Length)>();
        var serving = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                var context = await collector.GetContextAsync();
                received.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType, context.Request.ContentLength64));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        await using var app = new DmarcAppFactory(new Dictionary<string, string?>
        {
            [TelemetryExports.OtlpSetting] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(2, 1, policyDomain: "otlp.example"));
        var inbound = new Azure.Storage.Blobs.BlobContainerClient(Azurite.ConnectionString, app.Names.Container("inbound"));
        await inbound.CreateIfNotExistsAsync();
        await inbound.UploadBlobAsync("otlp/report.xml", new BinaryData(xml));

        (await TriggerPayloads.IngestAsync(app.CreateClient(), "otlp/report.xml", xml)).EnsureSuccessStatusCode();
        app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var paths = await Eventually.GetAsync(
            () => Task.FromResult(received.ToArray()),
            r => r.Any(x => x.Path == "/v1/traces") && r.Any(x => x.Path == "/v1/metrics"),
            what: "an OTLP export of traces and of metrics");
        Assert.All(paths, p => Assert.Equal(("application/x-protobuf", true), (p.ContentType, p.Length > 0)));
        collector.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => serving);
    }

    [Fact]
    public async Task With_an_application_insights_connection_string_the_app_starts_and_exports_with_the_azure_monitor_distro()
    {
        await using var app = new DmarcAppFactory(new Dictionary<string, string?>
        {
            [TelemetryExports.AzureMonitorSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        });

        var health = await app.CreateClient().GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(new TelemetryExports(true, false), app.Services.GetRequiredService<TelemetryExports>());
        Assert.Contains(app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s.GetType().FullName!.Contains("OpenTelemetry", StringComparison.Ordinal));
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    [Theory]
    [InlineData(null, null, false, false)]
    [InlineData("InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/", null, true, false)]
    [InlineData(null, "http://127.0.0.1:4318", false, true)]
    [InlineData("InstrumentationKey=00000000-0000-0000-0000-000000000000", "http://127.0.0.1:4318", true, true)]
    public void Exports_follow_the_two_settings_and_nothing_is_exported_without_them(string? connectionString, string? otlp, bool azureMonitor, bool otlpExport)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TelemetryExports.AzureMonitorSetting] = connectionString,
            [TelemetryExports.OtlpSetting] = otlp,
        }).Build();

        Assert.Equal(new TelemetryExports(azureMonitor, otlpExport), TelemetryExports.From(configuration));
    }

    /// <summary>The counter's total over the points with these tags, from the last export (the totals are cumulative).</summary>
    private long Sum(string name, params (string Key, string Value)[] tags)
    {
        var last = _metrics.LastOrDefault(m => m.Name == name && m.MeterName == DmarcTelemetry.Name);
        long total = 0;
        foreach (var point in last?.MetricPoints ?? [])
        {
            var pointTags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                pointTags[tag.Key] = tag.Value;
            }

            if (tags.All(t => pointTags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))
            {
                total += point.GetSumLong();
            }
        }

        return total;
    }
}
