using System.Globalization;
using System.Text.Json;

namespace Dmarc.Functions.LocalRunner;

/// <summary>
/// The retry settings the Functions host takes from host.json, read by the runner from the same
/// file: <c>extensions.queues.maxDequeueCount</c> (attempts before a message goes to
/// <c>&lt;queue&gt;-poison</c>, default 5), <c>extensions.queues.visibilityTimeout</c> (the wait before
/// a failed message is tried again, default 0), and <c>extensions.blobs.poisonBlobThreshold</c>
/// (attempts before a blob is named on <c>webjobs-blobtrigger-poison</c>, default 5).
/// </summary>
public sealed record HostRetrySettings(int MaxDequeueCount, TimeSpan RetryDelay, int PoisonBlobThreshold)
{
    public const string FileName = "host.json";

    public static readonly HostRetrySettings Defaults = new(5, TimeSpan.Zero, 5);

    /// <summary>The settings of <c>host.json</c> in the functions folder; the host's defaults for what it leaves out.</summary>
    public static HostRetrySettings Load(string root)
    {
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path))
        {
            return Defaults;
        }

        using var host = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var extensions = host.RootElement.TryGetProperty("extensions", out var e) ? e : default;
        var queues = Section(extensions, "queues");
        var blobs = Section(extensions, "blobs");
        return new HostRetrySettings(
            Int(queues, "maxDequeueCount") ?? Defaults.MaxDequeueCount,
            Time(queues, "visibilityTimeout") ?? Defaults.RetryDelay,
            Int(blobs, "poisonBlobThreshold") ?? Defaults.PoisonBlobThreshold);
    }

    private static JsonElement Section(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var section) ? section : default;

    private static int? Int(JsonElement section, string name) =>
        section.ValueKind == JsonValueKind.Object && section.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : null;

    private static TimeSpan? Time(JsonElement section, string name) =>
        section.ValueKind == JsonValueKind.Object && section.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? TimeSpan.Parse(value.GetString()!, CultureInfo.InvariantCulture)
            : null;
}
