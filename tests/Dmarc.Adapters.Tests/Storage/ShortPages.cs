using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Dmarc.Adapters.Tests.Storage;

/// <summary>
/// Makes Azurite answer entity queries the way the real Table service may: at most
/// <see cref="MaxRows"/> rows per answer whatever $top asked for, and every other answer that
/// continues a query empty, with the continuation it was asked for (the service may return no rows
/// and a continuation). Counts what it did, so a test can show the short pages happened.
/// </summary>
public sealed class ShortPages : HttpPipelinePolicy
{
    public const int MaxRows = 2;
    private int _continued;

    public int Shortened { get; private set; }

    public int Emptied { get; private set; }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The tests use the async clients.");

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var uri = message.Request.Uri;
        var query = uri.Query;
        var isEntityQuery = message.Request.Method == RequestMethod.Get && uri.Path.EndsWith("()", StringComparison.Ordinal);
        if (!isEntityQuery)
        {
            await ProcessNextAsync(message, pipeline);
            return;
        }

        var nextPartition = Parameter(query, "NextPartitionKey");
        var nextRow = Parameter(query, "NextRowKey");
        if (nextPartition is not null && _continued++ % 2 == 0)
        {
            message.Response = new EmptyPage(nextPartition, nextRow);
            Emptied++;
            return;
        }

        var top = Parameter(query, "$top");
        if (top is null || int.Parse(top, System.Globalization.CultureInfo.InvariantCulture) > MaxRows)
        {
            var rewritten = new RequestUriBuilder();
            rewritten.Reset(uri.ToUri());
            rewritten.Query = string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("%24top=", StringComparison.Ordinal) && !p.StartsWith("$top=", StringComparison.Ordinal)).Append($"%24top={MaxRows}"));
            message.Request.Uri.Reset(rewritten.ToUri());
            Shortened++;
        }

        await ProcessNextAsync(message, pipeline);
    }

    private static string? Parameter(string query, string name)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(at < 0 ? pair : pair[..at]);
            if (key == name)
            {
                return at < 0 ? "" : Uri.UnescapeDataString(pair[(at + 1)..]);
            }
        }

        return null;
    }

    /// <summary>A 200 with no rows and the continuation headers the query was sent with.</summary>
    private sealed class EmptyPage(string nextPartition, string? nextRow) : Response
    {
        private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json;odata=minimalmetadata;streaming=true;charset=utf-8",
            ["x-ms-continuation-NextPartitionKey"] = nextPartition,
            ["x-ms-request-id"] = Guid.NewGuid().ToString(),
        };

        public override int Status => 200;

        public override string ReasonPhrase => "OK";

        public override Stream? ContentStream { get; set; } = new MemoryStream(Encoding.UTF8.GetBytes("{\"value\":[]}"));

        public override string ClientRequestId { get; set; } = "";

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool ContainsHeader(string name) => Header(name) is not null;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() =>
            _headers.Select(h => new HttpHeader(h.Key, h.Value)).Concat(nextRow is null ? [] : [new HttpHeader("x-ms-continuation-NextRowKey", nextRow)]);

        protected override bool TryGetHeader(string name, out string value)
        {
            value = Header(name)!;
            return value is not null;
        }

        protected override bool TryGetHeaderValues(string name, out IEnumerable<string> values)
        {
            var value = Header(name);
            values = value is null ? [] : [value];
            return value is not null;
        }

        private string? Header(string name) =>
            name.Equals("x-ms-continuation-NextRowKey", StringComparison.OrdinalIgnoreCase) ? nextRow : _headers.GetValueOrDefault(name);
    }
}
