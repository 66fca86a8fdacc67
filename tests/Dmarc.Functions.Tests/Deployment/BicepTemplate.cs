using System.Text.Json;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Deployment;

/// <summary>
/// infra/main.bicep compiled with the Bicep CLI the test command restores (scripts/lib.sh
/// bicep_path), read as the ARM JSON Azure deploys: the function app's settings, the storage lists
/// and the parameter values of infra/main.parameters.json.
/// </summary>
internal sealed class BicepTemplate
{
    private static readonly Lazy<Task<BicepTemplate>> Compiled = new(CompileAsync);

    private BicepTemplate(JsonElement main, JsonElement parameters)
    {
        Main = main;
        Parameters = parameters;
    }

    public JsonElement Main { get; }

    public JsonElement Parameters { get; }

    public static Task<BicepTemplate> LoadAsync() => Compiled.Value;

    /// <summary>The app settings as the template writes them: the name, and the value (a literal, or an ARM expression in brackets).</summary>
    public IReadOnlyList<(string Name, string Value)> AppSettings() =>
        [.. Module("functionapp").GetProperty("properties").GetProperty("parameters").GetProperty("appSettings").GetProperty("value").EnumerateArray()
            .Select(s => (s.GetProperty("name").GetString()!, s.GetProperty("value").GetString()!))];

    public IReadOnlyList<string> Variable(string name) =>
        [.. Main.GetProperty("variables").GetProperty(name).EnumerateArray().Select(v => v.GetString()!)];

    public JsonElement Module(string name) =>
        Resources(Main).Single(r => r.TryGetProperty("name", out var n) && n.GetString() == name);

    /// <summary>The value a <c>[parameters('x')]</c> expression has with infra/main.parameters.json (else the template's default); null for any other value.</summary>
    public string? ParameterValue(string value)
    {
        const string Start = "[parameters('";
        if (!value.StartsWith(Start, StringComparison.Ordinal) || !value.EndsWith("')]", StringComparison.Ordinal))
        {
            return null;
        }

        var name = value[Start.Length..^3];
        var given = Parameters.GetProperty("parameters").TryGetProperty(name, out var p) ? p.GetProperty("value") : Main.GetProperty("parameters").GetProperty(name).GetProperty("defaultValue");
        return given.ValueKind == JsonValueKind.String ? given.GetString() : given.GetRawText();
    }

    /// <summary>Resources of a template, whether the compiler wrote them as an array or (symbolic names) as an object.</summary>
    public static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        var resources = template.GetProperty("resources");
        return resources.ValueKind == JsonValueKind.Array ? resources.EnumerateArray() : resources.EnumerateObject().Select(p => p.Value);
    }

    private static async Task<BicepTemplate> CompileAsync()
    {
        var bicep = (await RunAsync("bash", ["-c", "source scripts/lib.sh && bicep_path"])).Trim().Split('\n')[^1];
        var json = await RunAsync(bicep, ["build", Path.Combine(RepoPaths.Root, "infra", "main.bicep"), "--stdout"]);
        var parameters = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "infra", "main.parameters.json"));
        return new BicepTemplate(JsonDocument.Parse(json).RootElement.Clone(), JsonDocument.Parse(parameters).RootElement.Clone());
    }

    private static Task<string> RunAsync(string file, string[] arguments) => CommandLine.RunAsync(file, arguments, RepoPaths.Root);
}
