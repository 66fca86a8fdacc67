using System.Net.Http.Json;
using System.Text.Json;

namespace Dmarc.Functions.Tests.Triggers;

/// <summary>Posts the payload the Functions host sends for a non-HTTP trigger.</summary>
internal static class TriggerPayloads
{
    /// <summary>The host writes property names as they are (Data, Metadata, IsPastDue), not camel-cased.</summary>
    private static readonly JsonSerializerOptions HostJson = new();

    public static Task<HttpResponseMessage> InvokeAsync(HttpClient client, string function, object data, object metadata) =>
        client.PostAsJsonAsync("/" + function, new { Data = data, Metadata = metadata }, HostJson);
}
