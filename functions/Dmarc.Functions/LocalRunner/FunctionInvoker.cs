using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Dmarc.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.LocalRunner;

/// <summary>The outcome of one delivery: success, or the reason it failed.</summary>
public sealed record InvocationOutcome(bool Succeeded, string? Error)
{
    public static readonly InvocationOutcome Success = new(true, null);
}

/// <summary>Posts the custom-handler payload, encoded by <see cref="HostContract"/>, to POST /{FunctionName} of the app itself, as the host does.</summary>
public sealed class FunctionInvoker(IHttpClientFactory clients, IServer server, IOptions<LocalRunnerOptions> options)
{
    public const string ClientName = "LocalTriggerRunner";

    public async Task<InvocationOutcome> InvokeAsync(
        string functionName,
        IReadOnlyDictionary<string, object?> data,
        IReadOnlyDictionary<string, object?> metadata,
        CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName);
        var uri = new Uri(BaseAddress(), functionName);
        var payload = HostContract.Envelope(data, WithSys(functionName, metadata));
        try
        {
            using var response = await client.PostAsJsonAsync(uri, payload, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return InvocationOutcome.Success;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new InvocationOutcome(false, $"HTTP {(int)response.StatusCode}: {Reason(body)}");
        }
        catch (HttpRequestException ex)
        {
            return new InvocationOutcome(false, ex.Message);
        }
    }

    private Uri BaseAddress()
    {
        if (options.Value.BaseAddress is { } configured)
        {
            return configured;
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
        return new Uri(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
    }

    private static Dictionary<string, object?> WithSys(string functionName, IReadOnlyDictionary<string, object?> metadata)
    {
        var all = new Dictionary<string, object?>(metadata, StringComparer.Ordinal)
        {
            ["sys"] = new Dictionary<string, object?>
            {
                ["MethodName"] = functionName,
                ["UtcNow"] = DateTimeOffset.UtcNow,
                ["RandGuid"] = Guid.NewGuid(),
            },
        };
        return all;
    }

    /// <summary>
    /// The problem detail's 'detail' (or 'title'), else the start of the body. The real host keeps
    /// neither (it records only that the attempt failed); the runner shows it to help development.
    /// </summary>
    private static string Reason(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            foreach (var field in new[] { "detail", "title" })
            {
                if (json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw body.
        }

        return body.Length > 500 ? body[..500] : body;
    }
}
