using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Dmarc.Functions.Hosting;

/// <summary>
/// Reads a trigger request body, counting bytes as they arrive (chunked or not). Up to the
/// function's limit the whole envelope is parsed; beyond it the rest is drained unread and only
/// the Metadata the host wrote first is kept, so the function can still say what was too large
/// instead of failing with a 413 that the host would retry into poison.
/// </summary>
public static class InvocationReader
{
    public static async Task<InvocationRequest> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The limit is this reader's; the server's own (30 MB by default) would answer 413 first.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        long total = 0;
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                total += read;
                var keep = (int)Math.Max(0, Math.Min(read, maxBytes - buffer.WrittenCount));
                if (keep > 0)
                {
                    buffer.Write(chunk.AsSpan(0, keep));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return total <= maxBytes ? Parse(request.HttpContext, buffer.WrittenMemory, total) : MetadataOnly(buffer.WrittenSpan, total);
    }

    /// <summary>Parses the body in place; the document lives as long as the request, so large content is not copied again.</summary>
    private static InvocationRequest Parse(HttpContext context, ReadOnlyMemory<byte> body, long total)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            context.Response.RegisterForDispose(document);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? new InvocationRequest(Section(root, HostContract.DataProperty), Section(root, HostContract.MetadataProperty), false, total)
                : throw new HostPayloadException("The invocation body is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new HostPayloadException($"The invocation body is not JSON: {ex.Message}");
        }
    }

    /// <summary>The Metadata object at the start of a body cut at the limit, read with a reader that expects more.</summary>
    private static InvocationRequest MetadataOnly(ReadOnlySpan<byte> prefix, long total)
    {
        var reader = new Utf8JsonReader(prefix, isFinalBlock: false, state: default);
        Dictionary<string, JsonElement>? metadata = null;
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (name == HostContract.MetadataProperty && JsonDocument.TryParseValue(ref reader, out var value))
                {
                    using (value)
                    {
                        metadata = value.RootElement.ValueKind == JsonValueKind.Object
                            ? value.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
                            : null;
                    }
                }
                else if (!reader.TrySkip())
                {
                    break;
                }
            }
        }

        return new InvocationRequest(null, metadata, DataOmitted: true, total);
    }

    private static Dictionary<string, JsonElement>? Section(JsonElement root, string name) =>
        root.TryGetProperty(name, out var section) && section.ValueKind == JsonValueKind.Object ? ToDictionary(section) : null;

    private static Dictionary<string, JsonElement> ToDictionary(JsonElement section) =>
        section.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}
