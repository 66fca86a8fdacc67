using System.Net.Http.Json;
using System.Text.Json;

namespace Dmarc.Tests.Shared;

/// <summary>The MailDev the test command starts: SMTP on 127.0.0.1:1025, API on http://127.0.0.1:1080/api/.</summary>
internal static class MailDev
{
    private static readonly HttpClient Http = new() { BaseAddress = new Uri("http://127.0.0.1:1080/") };

    /// <summary>Messages sent to an address (each test uses addresses of its own).</summary>
    public static async Task<IReadOnlyList<JsonElement>> MessagesToAsync(string address)
    {
        var all = await Http.GetFromJsonAsync<JsonElement[]>("api/email") ?? [];
        return all.Where(m => m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetProperty("address").GetString(), address, StringComparison.OrdinalIgnoreCase))).ToArray();
    }

    public static Task<string> SourceAsync(string id) => Http.GetStringAsync(new Uri($"api/email/{id}/source", UriKind.Relative));
}
