using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dmarc.Functions.Hosting;

/// <summary>
/// The payload the Functions host posts to a custom handler for a non-HTTP trigger, read by the
/// rules of <see cref="HostContract"/>. <see cref="DataOmitted"/> is set when the body was larger
/// than the function accepts: its Metadata (which the host writes first) is kept, its Data is not.
/// </summary>
public sealed record InvocationRequest(
    IReadOnlyDictionary<string, JsonElement>? Data,
    IReadOnlyDictionary<string, JsonElement>? Metadata,
    bool DataOmitted = false,
    long BodyBytes = 0)
{
    /// <summary>A string in Metadata (blob name, message id), or null when absent.</summary>
    public string? MetadataString(string key) =>
        Value(Metadata, key) is { } value ? HostContract.DecodeString(value, $"Metadata.{key}") : null;

    /// <summary>A number in Metadata (DequeueCount), or null when absent.</summary>
    public long? MetadataInt64(string key) =>
        Value(Metadata, key) is { } value ? HostContract.DecodeInt64(value, $"Metadata.{key}") : null;

    /// <summary>An object in Metadata (a blob's Properties), or null when absent.</summary>
    public JsonElement? MetadataObject(string key) =>
        Value(Metadata, key) is { } value ? HostContract.DecodeObject(value, $"Metadata.{key}") : null;

    /// <summary>A string input (a queue message), or null when absent.</summary>
    public string? DataString(string binding) =>
        Value(Data, binding) is { } value ? HostContract.DecodeString(value, $"Data.{binding}") : null;

    /// <summary>
    /// A queue message holding JSON, read as <typeparamref name="T"/>: a message that is absent, not
    /// JSON, or not a valid <typeparamref name="T"/> fails with a <see cref="HostPayloadException"/>
    /// saying it is not <paramref name="what"/>.
    /// </summary>
    public T DataJson<T>(string binding, string what, Func<T, bool> isValid, JsonSerializerOptions? options = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(isValid);
        try
        {
            return DataString(binding) is { } text && JsonSerializer.Deserialize<T>(text, options) is { } value && isValid(value)
                ? value
                : throw new HostPayloadException($"The queue message is not {what}.");
        }
        catch (JsonException ex)
        {
            throw new HostPayloadException($"The queue message is not {what}: {ex.Message}");
        }
    }

    /// <summary>Binary input (blob content), or null when absent.</summary>
    public byte[]? DataBytes(string binding) =>
        Value(Data, binding) is { } value ? HostContract.DecodeBytes(value, $"Data.{binding}") : null;

    /// <summary>An object input (TimerInfo), or null when absent.</summary>
    public JsonElement? DataObject(string binding) =>
        Value(Data, binding) is { } value ? HostContract.DecodeObject(value, $"Data.{binding}") : null;

    private static JsonElement? Value(IReadOnlyDictionary<string, JsonElement>? values, string key) =>
        values is not null && values.TryGetValue(key, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}

/// <summary>What a custom handler answers for a non-HTTP trigger (property names exactly as the host reads them).</summary>
public sealed record InvocationResult(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue)
{
    public static InvocationResult Done(params string[] logs) => new(new Dictionary<string, object?>(), logs, null);
}
