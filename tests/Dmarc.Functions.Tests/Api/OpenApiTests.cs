using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Api;

public class OpenApiTests
{
    /// <summary>scripts/test.sh lints this copy of the document after the tests (redocly, recommended rules).</summary>
    public static readonly string DumpPath = Path.Combine(RepoPaths.Root, ".run", "openapi.json");

    /// <summary>The anonymous operations in the document (the document's own endpoint, also anonymous, is not described in it).</summary>
    private static readonly string[] Anonymous = ["Health", "SignUp", "ConfirmSignup", "RequestAccess", "ConfirmAccessRequest", "ReceiveMail"];

    [Fact]
    public async Task The_document_lists_the_http_api_and_not_the_trigger_endpoints()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("/api/health", paths);
        Assert.Contains("/api/accounts", paths);
        Assert.Contains("/api/accounts/{accountId}", paths);
        Assert.Contains("/api/reporting/authorizations", paths);
        Assert.Contains("/api/accounts/{accountId}/domains/{domain}:verify", paths);
        Assert.Contains("/api/access-requests/confirm", paths);
        Assert.DoesNotContain(paths, p => !p.StartsWith("/api/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_operation_has_a_summary_only_the_anonymous_ones_go_without_the_key_and_every_error_has_a_problem_schema()
    {
        var document = await DocumentAsync();

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearerKey").GetProperty("scheme").GetString());
        Assert.Equal(("apiKey", "header", "x-api-key"), (schemes.GetProperty("apiKeyHeader").GetProperty("type").GetString(),
            schemes.GetProperty("apiKeyHeader").GetProperty("in").GetString(), schemes.GetProperty("apiKeyHeader").GetProperty("name").GetString()));
        var operations = Operations(document).ToArray();
        Assert.True(operations.Length >= 34, $"only {operations.Length} operations");
        Assert.Equal(Anonymous.Order(StringComparer.Ordinal), operations.Where(o => !NeedsKey(o.Operation)).Select(o => o.Id).Order(StringComparer.Ordinal));
        foreach (var (id, operation) in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.TryGetProperty("summary", out var s) ? s.GetString() : null), $"{id} has no summary");
            var statuses = Statuses(operation);
            if (NeedsKey(operation))
            {
                Assert.Equal([["bearerKey"], ["apiKeyHeader"]],
                    operation.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Select(p => p.Name).ToArray()).ToArray());
                Assert.Contains("401", statuses);
            }

            if (operation.TryGetProperty("requestBody", out _))
            {
                Assert.Contains("400", statuses);
                Assert.Contains("413", statuses);
            }

            Assert.Contains("500", statuses);
            foreach (var status in statuses.Where(s => s[0] is '4' or '5' && !(id == "Health" && s == "503")))
            {
                Assert.True(operation.GetProperty("responses").GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out var problem), $"{id} {status} is not a problem detail");
                Assert.True(problem.TryGetProperty("schema", out var schema), $"{id} {status} has no schema");
                Assert.Contains(schema.GetProperty("$ref").GetString(), ProblemSchemas);
            }
        }

        // Health's 503 is the health body itself (which part is down), not a problem.
        var healthDown = operations.Single(o => o.Id == "Health").Operation.GetProperty("responses").GetProperty("503").GetProperty("content");
        Assert.Equal("#/components/schemas/HealthResponse", healthDown.GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var name in ProblemSchemas.Select(r => r.Split('/')[^1]))
        {
            var properties = schemas.GetProperty(name).GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
            Assert.Superset(new HashSet<string> { "type", "title", "status", "detail", "instance" }, properties);
        }

        Assert.Contains("errors", schemas.GetProperty("HttpValidationProblemDetails").GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    /// <summary>The RFC 9457 schemas a 4xx or 5xx answer may have; a 400 is a validation problem with per-field errors.</summary>
    private static readonly string[] ProblemSchemas = ["#/components/schemas/ProblemDetails", "#/components/schemas/HttpValidationProblemDetails"];

    [Fact]
    public async Task Each_operation_lists_the_problems_its_handler_gives()
    {
        var operations = Operations(await DocumentAsync()).ToDictionary(o => o.Id, o => Statuses(o.Operation));

        Assert.Superset(new HashSet<string> { "400", "401", "403", "404", "409", "413", "415" }, operations["AddDomain"]);
        Assert.Superset(new HashSet<string> { "401", "403", "404", "409", "410" }, operations["VerifyDomain"]);
        Assert.Superset(new HashSet<string> { "400", "404", "413", "415", "429" }, operations["RequestAccess"]);
        Assert.Superset(new HashSet<string> { "400", "401", "403", "413", "415" }, operations["CreateAccount"]);
        Assert.Superset(new HashSet<string> { "400", "401", "403", "404", "409", "413" }, operations["ImportZoneFile"]);
        Assert.Superset(new HashSet<string> { "401", "403" }, operations["ListUnclaimed"]);
        Assert.DoesNotContain("415", operations["ImportZoneFile"]);
        Assert.DoesNotContain("401", operations["Health"]);
    }

    [Fact]
    public async Task The_pipeline_gives_the_problems_the_document_declares_for_it()
    {
        await using var app = new DmarcAppFactory();
        var anonymous = app.CreateClient();

        var noKey = await anonymous.PostAsJsonAsync("/api/accounts", new { name = "X" });
        var wrongType = await anonymous.PostAsync(new Uri("/api/signup", UriKind.Relative), new StringContent("email=a@b.example", System.Text.Encoding.UTF8, "text/plain"));
        var created = await (await app.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name = "Pipeline Co", ownerEmails = new[] { "o@pipeline.example" }, edition = "Monitor" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var accountKey = await app.CreateClientWith(created.GetProperty("apiKey").GetString()!).GetAsync(new Uri("/api/quarantine", UriKind.Relative));
        var badQuery = await app.CreateAdminClient().GetAsync(new Uri("/api/quarantine?max=many", UriKind.Relative));

        Assert.Equal(
            [(HttpStatusCode.Unauthorized, "application/problem+json"), (HttpStatusCode.UnsupportedMediaType, "application/problem+json"),
             (HttpStatusCode.Forbidden, "application/problem+json"), (HttpStatusCode.BadRequest, "application/problem+json")],
            new[] { noKey, wrongType, accountKey, badQuery }.Select(r => (r.StatusCode, r.Content.Headers.ContentType?.MediaType)));
    }

    /// <summary>Fetches the document from the app and keeps a copy for the linter.</summary>
    private static async Task<JsonElement> DocumentAsync()
    {
        await using var app = new DmarcAppFactory();
        var text = await app.CreateClient().GetStringAsync(new Uri("/api/openapi.json", UriKind.Relative));
        Directory.CreateDirectory(Path.GetDirectoryName(DumpPath)!);
        var temporary = $"{DumpPath}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, text);
        File.Move(temporary, DumpPath, overwrite: true);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static IEnumerable<(string Id, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch"))
            .Select(m => (m.Value.GetProperty("operationId").GetString()!, m.Value));

    private static bool NeedsKey(JsonElement operation) =>
        operation.TryGetProperty("security", out var security) && security.GetArrayLength() > 0;

    private static HashSet<string> Statuses(JsonElement operation) =>
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
}
