using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dmarc.Core.Dns;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Dns;

/// <summary>
/// Calls to the PowerDNS HTTP API shared by the adapters: the API key, JSON both ways, errors as
/// <see cref="DnsProviderException"/> (409 as <see cref="DnsConflictException"/>) with the
/// status in <c>Data["status"]</c>, and server errors retried (a busy SQLite backend answers 500
/// "database is locked"; the same request succeeds shortly after). Every call made through here is
/// idempotent: reads, zone creation that a retry finds done, REPLACE and DELETE of a record set.
/// </summary>
internal sealed class PowerDnsApi(HttpClient http, IOptions<PowerDnsOptions> options)
{
    public const int MaxAttempts = 8;
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string Zones => $"api/v1/servers/{options.Value.ServerId}/zones";

    public string ZoneUrl(string name) => $"{Zones}/{Uri.EscapeDataString(name)}";

    public async Task<T?> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync<T>(method, path, body, cancellationToken);
            }
            catch (DnsProviderException ex) when (attempt < MaxAttempts && StatusOf(ex) is { } status && (int)status >= 500)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 50 * attempt * attempt) + Random.Shared.Next(200)), cancellationToken);
            }
        }
    }

    public static HttpStatusCode? StatusOf(DnsProviderException error) => error.Data["status"] as HttpStatusCode?;

    /// <summary>One attempt, for calls whose failure the caller handles itself (NOTIFY).</summary>
    public async Task<T?> SendOnceAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-API-Key", options.Value.ApiKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var error = new DnsProviderException($"PowerDNS answered {(int)response.StatusCode} to {method} {path}: {ErrorOf(text)}");
            error.Data["status"] = response.StatusCode;
            throw response.StatusCode == HttpStatusCode.Conflict ? new DnsConflictException(error.Message) : error;
        }

        return response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
            ? default
            : await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
    }

    private static string ErrorOf(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.GetProperty("error").GetString() ?? body;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body;
        }
    }
}
