using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dmarc.Tests.Shared;

/// <summary>One storage request the app made: the service (blob, table), its method and the path and query it went to.</summary>
internal sealed record StorageCall(string Service, string Method, string Path, string Query)
{
    /// <summary>A GET of a blob's content (not a listing, properties or metadata).</summary>
    public bool IsBlobDownload => Service == "blob" && Method == "GET" && !Query.Contains("comp=", StringComparison.Ordinal) && !Query.Contains("restype=", StringComparison.Ordinal);

    /// <summary>The table a Table request went to (its name before any key or query).</summary>
    public string Table => Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Last().Split('(')[0];
}

/// <summary>
/// A pipeline policy that records every request the app's Blob and Table clients send to
/// Azurite, so a test counts round trips as the service sees them rather than reading the code.
/// </summary>
internal sealed partial class StorageCalls
{
    private readonly ConcurrentQueue<StorageCall> _calls = new();

    public IReadOnlyList<StorageCall> All => [.. _calls];

    /// <summary>Replaces the app's Blob and Table service clients with ones that report to this recorder.</summary>
    public void Register(IServiceCollection services)
    {
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(new Recorder(this, "blob"), HttpPipelinePosition.PerCall);
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(new Recorder(this, "table"), HttpPipelinePosition.PerCall);
        services.RemoveAll<BlobServiceClient>();
        services.RemoveAll<TableServiceClient>();
        services.AddSingleton(new BlobServiceClient(Azurite.ConnectionString, blobOptions));
        services.AddSingleton(new TableServiceClient(Azurite.ConnectionString, tableOptions));
    }

    public void Clear() => _calls.Clear();

    private sealed partial class Recorder(StorageCalls calls, string service) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Record(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Record(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Record(HttpMessage message)
        {
            var uri = message.Request.Uri.ToUri();
            var path = Uri.UnescapeDataString(uri.AbsolutePath);
            if (path.EndsWith("/$batch", StringComparison.Ordinal) && message.Request.Content is { } content)
            {
                // An entity group transaction names its table only inside the body, in each inner request line.
                using var body = new MemoryStream();
                content.WriteTo(body, CancellationToken.None);
                var inner = InnerRequest().Match(System.Text.Encoding.UTF8.GetString(body.ToArray()));
                path = inner.Success ? Uri.UnescapeDataString(new Uri(inner.Groups[1].Value).AbsolutePath) : path;
            }

            calls._calls.Enqueue(new StorageCall(service, message.Request.Method.Method, path, uri.Query));
        }

        [System.Text.RegularExpressions.GeneratedRegex(@"(?:POST|PUT|PATCH|MERGE|DELETE) (https?://\S+) HTTP/1\.1")]
        private static partial System.Text.RegularExpressions.Regex InnerRequest();
    }
}
