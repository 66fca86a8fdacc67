using System.Text.Json;
using Dmarc.Functions.LocalRunner;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Layout;

/// <summary>One binding of a function.json, with the properties the host reads for HTTP.</summary>
public sealed record FunctionBinding(string Type, string Direction, string? AuthLevel, IReadOnlyList<string> Methods, string? Route)
{
    public bool Is(string type, string direction) =>
        Type.Equals(type, StringComparison.OrdinalIgnoreCase) && Direction.Equals(direction, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A function folder and every binding in its function.json (the local runner's catalog keeps
/// only the trigger; the host decides how to forward HTTP by looking at all of them).
/// </summary>
public sealed record FunctionJsonFile(string Name, IReadOnlyList<FunctionBinding> Bindings)
{
    public static string Root { get; } = Path.Combine(RepoPaths.Root, "functions", "Dmarc.Functions");

    /// <summary>An HTTP function: one of its bindings is an HTTP trigger or an HTTP output.</summary>
    public bool IsHttp => Bindings.Any(b => b.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase) || b.Type.Equals("http", StringComparison.OrdinalIgnoreCase));

    public FunctionBinding HttpTrigger => Bindings.Single(b => b.Is("httpTrigger", "in"));

    public static IReadOnlyList<FunctionJsonFile> LoadAll() =>
        Directory.EnumerateDirectories(Root)
            .Where(dir => File.Exists(Path.Combine(dir, FunctionCatalog.FileName)))
            .Select(dir => Parse(Path.GetFileName(dir), File.ReadAllText(Path.Combine(dir, FunctionCatalog.FileName))))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();

    public static IReadOnlyList<FunctionJsonFile> LoadHttp() => LoadAll().Where(f => f.IsHttp).ToArray();

    private static FunctionJsonFile Parse(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        var bindings = document.RootElement.GetProperty("bindings").EnumerateArray()
            .Select(b => new FunctionBinding(
                Text(b, "type") ?? "",
                Text(b, "direction") ?? "",
                Text(b, "authLevel"),
                b.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
                    ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToArray()
                    : [],
                Text(b, "route")))
            .ToArray();
        return new FunctionJsonFile(name, bindings);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
