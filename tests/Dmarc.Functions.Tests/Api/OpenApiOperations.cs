using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dmarc.Functions.Tests.Api;

/// <summary>One operation of the served OpenAPI document, with what a test needs to call it.</summary>
internal sealed record OpenApiOperation(string Id, string Method, string Path, bool NeedsKey, string? BodyType, JsonElement Operation, IReadOnlyList<string> Required)
{
    /// <summary>The path with each {parameter} replaced from the values (a parameter without one fails the test that asked).</summary>
    public string PathWith(IReadOnlyDictionary<string, string> values) =>
        System.Text.RegularExpressions.Regex.Replace(Path, "{([^}]+)}", m =>
            values.TryGetValue(m.Groups[1].Value, out var v) ? Uri.EscapeDataString(v) : throw new KeyNotFoundException($"{Id}: no value for {{{m.Groups[1].Value}}}"));

    /// <summary>The request, with the body given as JSON (or text for a text body).</summary>
    public HttpRequestMessage Request(IReadOnlyDictionary<string, string> values, string? body, string query = "")
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), PathWith(values) + query);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, BodyType ?? "application/json");
        }

        return request;
    }
}

/// <summary>Reads the operations from the app's /api/openapi.json.</summary>
internal static class OpenApiOperations
{
    public static async Task<IReadOnlyList<OpenApiOperation>> ReadAsync(HttpClient anonymous)
    {
        var document = await anonymous.GetFromJsonAsync<JsonElement>(new Uri("/api/openapi.json", UriKind.Relative));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        string[] Required(JsonElement operation)
        {
            if (!operation.TryGetProperty("requestBody", out var body) || !body.GetProperty("content").TryGetProperty("application/json", out var json))
            {
                return [];
            }

            var schema = json.GetProperty("schema");
            if (schema.TryGetProperty("$ref", out var reference))
            {
                schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
            }

            return schema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(r => r.GetString()!)] : [];
        }

        return [.. document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(m => new OpenApiOperation(
                    m.Value.GetProperty("operationId").GetString()!,
                    m.Name.ToUpperInvariant(),
                    path.Name,
                    m.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0,
                    m.Value.TryGetProperty("requestBody", out var body) ? body.GetProperty("content").EnumerateObject().First().Name : null,
                    m.Value.Clone(),
                    Required(m.Value))))];
    }

    /// <summary>The body with one property replaced (or, with null, removed).</summary>
    public static string With(string body, string property, JsonNode? value)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        node[property] = value;
        return node.ToJsonString();
    }
}
