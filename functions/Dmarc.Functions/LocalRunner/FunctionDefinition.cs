using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dmarc.Functions.LocalRunner;

/// <summary>The trigger binding of one function, as declared in its function.json.</summary>
public sealed record TriggerBinding(
    string Type,
    string Name,
    string? Path,
    string? QueueName,
    string? Schedule,
    bool RunOnStartup,
    IReadOnlyList<string> Methods,
    string? Route)
{
    public bool IsHttp => Type == "httpTrigger";
}

/// <summary>A function: its folder name and its trigger.</summary>
public sealed record FunctionDefinition(string Name, TriggerBinding Trigger);

/// <summary>Reads the function.json files under a folder, the same files the Functions host reads.</summary>
public static partial class FunctionCatalog
{
    public const string FileName = "function.json";

    public static IReadOnlyList<FunctionDefinition> Load(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        return Directory.EnumerateDirectories(root)
            .Where(dir => File.Exists(System.IO.Path.Combine(dir, FileName)))
            .Select(dir => Parse(System.IO.Path.GetFileName(dir), File.ReadAllText(System.IO.Path.Combine(dir, FileName))))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();
    }

    public static FunctionDefinition Parse(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        var triggers = document.RootElement.GetProperty("bindings").EnumerateArray()
            .Where(b => Text(b, "type")?.EndsWith("Trigger", StringComparison.Ordinal) == true)
            .ToArray();
        if (triggers.Length != 1)
        {
            throw new InvalidDataException($"{name}/{FileName} must declare exactly one trigger binding, found {triggers.Length}.");
        }

        var t = triggers[0];
        var methods = t.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
            ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToArray()
            : [];
        return new FunctionDefinition(name, new TriggerBinding(
            Text(t, "type")!,
            Text(t, "name") ?? throw new InvalidDataException($"{name}/{FileName}: the trigger has no 'name'."),
            Text(t, "path"),
            Text(t, "queueName"),
            Text(t, "schedule"),
            t.TryGetProperty("runOnStartup", out var r) && r.ValueKind == JsonValueKind.True,
            methods,
            Text(t, "route")));
    }

    /// <summary>Replaces %Setting% with the configuration value, as the host does for app settings.</summary>
    public static string ResolveSettings(string value, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(configuration);
        return SettingPattern().Replace(value, match =>
            configuration[match.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal)]
            ?? throw new InvalidOperationException($"The binding refers to the setting '{match.Groups[1].Value}', which is not set."));
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex("%([A-Za-z0-9_:.]+)%")]
    private static partial Regex SettingPattern();
}
