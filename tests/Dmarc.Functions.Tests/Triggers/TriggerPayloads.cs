using System.Text;
using System.Text.Json;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Triggers;

/// <summary>
/// Posts the request bodies the Functions host sends for non-HTTP triggers, from the fixtures in
/// Triggers/HostPayloads (written from the host's rules, independently of the app's decoder).
/// </summary>
internal static class TriggerPayloads
{
    public static string FixturePath(string kind) => Path.Combine(RepoPaths.Root, "tests", "Dmarc.Functions.Tests", "Triggers", "HostPayloads", kind + ".json");

    /// <summary>A fixture with its placeholders filled in with raw JSON.</summary>
    public static string Fixture(string kind, params (string Placeholder, string Json)[] values)
    {
        var text = File.ReadAllText(FixturePath(kind));
        foreach (var (placeholder, json) in values)
        {
            text = text.Replace(placeholder, json, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>A string as the host sends it: its JSON text, as a JSON string.</summary>
    public static string Twice(string value) => JsonSerializer.Serialize(JsonSerializer.Serialize(value));

    /// <summary>The blob trigger's body for a blob of that name and content (base64 in Data).</summary>
    public static string Blob(string name, byte[] content) => Fixture("blob",
        ("$NAME$", Twice(name)), ("$LENGTH$", content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("$CONTENT$", JsonSerializer.Serialize(Convert.ToBase64String(content))));

    /// <summary>The queue trigger's body for a message text.</summary>
    public static string Queue(string message) => Fixture("queue", ("$MESSAGE$", Twice(message)));

    public static string Timer(bool pastDue) => Fixture("timer", ("$PASTDUE$", pastDue ? "true" : "false"));

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string function, string body) =>
        client.PostAsync(new Uri("/" + function, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> IngestAsync(HttpClient client, string name, byte[] content) =>
        PostAsync(client, "IngestReport", Blob(name, content));
}
