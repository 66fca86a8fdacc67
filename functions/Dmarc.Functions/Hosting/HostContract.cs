using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dmarc.Functions.Hosting;

/// <summary>
/// How the Azure Functions host turns a non-HTTP invocation into the custom handler's request
/// body, written once: the app decodes every trigger payload by these rules and the local runner
/// encodes every payload by them, so the two cannot drift. The rules follow the host's
/// <c>ToHttpScriptInvocationContext</c> and <c>GetHttpScriptInvocationContextValue</c> in
/// Azure/azure-functions-host, <c>src/WebJobs.Script/Workers/MessageExtensions/ScriptInvocationContextExtensions.cs</c>:
/// <list type="bullet">
/// <item>The body is <c>{"Metadata": {...}, "Data": {...}}</c>, Metadata first (the order of the
/// host's <c>HttpScriptInvocationContext</c>).</item>
/// <item>Metadata holds every binding-data value that is not null and whose key does not end in
/// "trigger" (any case): <c>BlobTrigger</c> and <c>QueueTrigger</c> are left out.</item>
/// <item>Every value, in Metadata and in Data, is encoded alike: a byte array becomes base64 text; a
/// value that serialises to a JSON object is sent as that object (the timer's TimerInfo, a blob's
/// Properties and Metadata, <c>sys</c>); anything else (a string, a number, a date, a URI, an
/// array) is serialised to JSON text once more and sent as a string, so the queue message
/// <c>{"a":1}</c> arrives as <c>"\"{\\\"a\\\":1}\""</c>, a blob name as <c>"\"drop/r.xml\""</c> and
/// a dequeue count as <c>"1"</c>.</item>
/// <item>The HTTP payload carries no retry context (the gRPC one does): a queue function knows its
/// attempt only from <c>DequeueCount</c>; blob and timer functions do not know theirs.</item>
/// </list>
/// The host answers any non-2xx status as a failed invocation and keeps neither its body nor its
/// <c>Logs</c>: the reason of a failure must go to the app's own log.
/// </summary>
public static class HostContract
{
    public const string MetadataProperty = "Metadata";
    public const string DataProperty = "Data";

    /// <summary>Escapes like Newtonsoft.Json's defaults (quotes as \", no \u0022), so encoded text reads as the host's.</summary>
    private static readonly JsonSerializerOptions NewtonsoftLike = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The request body the host would send for these binding values.</summary>
    public static JsonObject Envelope(IReadOnlyDictionary<string, object?> data, IReadOnlyDictionary<string, object?> metadata)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(metadata);
        var meta = new JsonObject();
        foreach (var (key, value) in metadata)
        {
            if (value is not null && !key.EndsWith("trigger", StringComparison.OrdinalIgnoreCase))
            {
                meta[key] = Encode(value);
            }
        }

        var inputs = new JsonObject();
        foreach (var (key, value) in data)
        {
            inputs[key] = value is null ? null : Encode(value);
        }

        return new JsonObject { [MetadataProperty] = meta, [DataProperty] = inputs };
    }

    /// <summary>One binding value as the host encodes it.</summary>
    public static JsonNode Encode(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is byte[] bytes)
        {
            return JsonValue.Create(Convert.ToBase64String(bytes));
        }

        var node = JsonSerializer.SerializeToNode(value, value.GetType(), NewtonsoftLike);
        return node is JsonObject ? node : JsonValue.Create(node?.ToJsonString(NewtonsoftLike) ?? "null");
    }

    /// <summary>A string value (a blob name, a queue message): JSON text of a string, sent as a string.</summary>
    public static string DecodeString(JsonElement value, string what) =>
        Inner(value, what) is { ValueKind: JsonValueKind.String } inner
            ? inner.GetString()!
            : throw Malformed(what, "a JSON-encoded string");

    /// <summary>A number (a dequeue count): its JSON text, sent as a string.</summary>
    public static long DecodeInt64(JsonElement value, string what) =>
        Inner(value, what) is { ValueKind: JsonValueKind.Number } inner && inner.TryGetInt64(out var number)
            ? number
            : throw Malformed(what, "a JSON-encoded number");

    /// <summary>Binary content (a blob with dataType binary): base64 text.</summary>
    public static byte[] DecodeBytes(JsonElement value, string what)
    {
        if (value.ValueKind == JsonValueKind.String && value.TryGetBytesFromBase64(out var bytes))
        {
            return bytes;
        }

        throw Malformed(what, "base64 content");
    }

    /// <summary>An object value (TimerInfo, blob Properties): sent as the object itself.</summary>
    public static JsonElement DecodeObject(JsonElement value, string what) =>
        value.ValueKind == JsonValueKind.Object ? value : throw Malformed(what, "a JSON object");

    private static JsonElement Inner(JsonElement value, string what)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Malformed(what, "a string holding JSON text");
        }

        try
        {
            using var inner = JsonDocument.Parse(value.GetString()!);
            return inner.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Malformed(what, "a string holding JSON text");
        }
    }

    private static HostPayloadException Malformed(string what, string expected) =>
        new($"{what} is not in the Functions host's encoding: expected {expected}.");
}

/// <summary>A trigger payload that does not follow <see cref="HostContract"/>.</summary>
public sealed class HostPayloadException(string message) : Exception(message);
