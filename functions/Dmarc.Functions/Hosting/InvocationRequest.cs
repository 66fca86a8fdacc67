using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dmarc.Functions.Hosting;

/// <summary>The payload the Functions host posts to a custom handler for a non-HTTP trigger.</summary>
public sealed record InvocationRequest(
    IReadOnlyDictionary<string, JsonElement>? Data,
    IReadOnlyDictionary<string, JsonElement>? Metadata)
{
    /// <summary>A metadata value as a string (blob name, message id, ...), or null.</summary>
    public string? MetadataString(string key) =>
        Metadata is not null && Metadata.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A data value (the trigger's binding), or null.</summary>
    public JsonElement? DataValue(string binding) =>
        Data is not null && Data.TryGetValue(binding, out var value) ? value : null;
}

/// <summary>What a custom handler answers for a non-HTTP trigger (property names exactly as the host reads them).</summary>
public sealed record InvocationResult(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue)
{
    public static InvocationResult Done(params string[] logs) => new(new Dictionary<string, object?>(), logs, null);
}
