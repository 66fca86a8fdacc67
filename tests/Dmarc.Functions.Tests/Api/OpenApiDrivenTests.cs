using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dmarc.Tests.Shared;
using Xunit.Abstractions;

namespace Dmarc.Functions.Tests.Api;

/// <summary>
/// Every operation of the served OpenAPI document, called the way a hostile tenant or a broken
/// client would: with no key, with another account's key, and with malformed, mistyped, oversize
/// and invalid input. Nothing of the victim's may be read or changed, and refused input writes
/// nothing (the whole storage under the test's prefix is compared before and after).
/// </summary>
public sealed partial class OpenApiDrivenTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly DmarcAppFactory _app = new();
    private Victim _victim = null!;
    private string _attackerKey = "";

    public async Task InitializeAsync()
    {
        _victim = await Victim.CreateAsync(_app);
        _attackerKey = (await CreateAccountAsync(_app, "Attacker Co", "owner@attacker.example")).Key;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Every_operation_answers_401_without_a_key_and_nothing_of_another_account_with_its_key()
    {
        var operations = await OpenApiOperations.ReadAsync(_app.CreateClient());
        var before = await StorageSnapshot.TakeAsync(_app.Prefix);
        using var anonymous = _app.CreateClient();
        using var attacker = _app.CreateClientWith(_attackerKey);
        var failures = new List<string>();
        foreach (var operation in operations.Where(o => o.NeedsKey))
        {
            var body = _victim.ValidBody(operation);
            using var noKey = await anonymous.SendAsync(operation.Request(_victim.PathValues, body));
            if (noKey.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{operation.Id} without a key: {(int)noKey.StatusCode}");
            }

            using var other = await attacker.SendAsync(operation.Request(_victim.PathValues, body));
            var text = await other.Content.ReadAsStringAsync();
            if (other.StatusCode == HttpStatusCode.BadRequest && body is not null && operation.Path.Contains('{', StringComparison.Ordinal) is false)
            {
                // The victim named only in the body (an alert's domain): the answer must be the one a domain that exists nowhere gets.
                const string nowhere = "nowhere.invalid-domain.example";
                using var unknown = await attacker.SendAsync(operation.Request(_victim.PathValues, body.Replace(_victim.Domain, nowhere, StringComparison.Ordinal)));
                var same = Untraced(await unknown.Content.ReadAsStringAsync()).Replace(nowhere, _victim.Domain, StringComparison.Ordinal) == Untraced(text);
                if (unknown.StatusCode != HttpStatusCode.BadRequest || !same)
                {
                    failures.Add($"{operation.Id} with another account's key tells the victim's domain from an unknown one: {text}");
                }
            }
            else if (other.IsSuccessStatusCode ? _victim.Appears(text) : other.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden))
            {
                failures.Add($"{operation.Id} with another account's key: {(int)other.StatusCode} {text[..Math.Min(text.Length, 300)]}");
            }
        }

        Assert.True(failures.Count == 0, "failures:\n" + string.Join("\n", failures));
        AssertSame(before, await VictimRowsAsync(before));
    }

    [Fact]
    public async Task Every_operation_that_takes_input_refuses_malformed_mistyped_oversize_and_invalid_input_with_400_and_writes_nothing()
    {
        var operations = await OpenApiOperations.ReadAsync(_app.CreateClient());
        var before = await StorageSnapshot.TakeAsync(_app.Prefix);
        using var owner = _app.CreateClientWith(_victim.OwnerKey);
        using var admin = _app.CreateAdminClient();
        var failures = new List<string>();
        var cases = 0;
        foreach (var operation in operations)
        {
            foreach (var (what, body, query, path) in BadInputs(operation))
            {
                cases++;
                var response = await owner.SendAsync(operation.Request(path, body, query));
                if (response.StatusCode == HttpStatusCode.Forbidden && (await response.Content.ReadAsStringAsync()).Contains("administrator key", StringComparison.Ordinal))
                {
                    // An operator endpoint refuses an account's key before it reads the input: the admin key reaches the input.
                    response.Dispose();
                    response = await admin.SendAsync(operation.Request(path, body, query));
                }

                using var answer = response;
                var type = answer.Content.Headers.ContentType?.MediaType;
                if (answer.StatusCode != HttpStatusCode.BadRequest || type != "application/problem+json")
                {
                    var text = await answer.Content.ReadAsStringAsync();
                    failures.Add($"{operation.Id} {what}: {(int)answer.StatusCode} {type} {text[..Math.Min(text.Length, 200)]}");
                }
            }
        }

        output.WriteLine($"{cases} bad inputs over {operations.Count} operations");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        AssertSame(before, await StorageSnapshot.TakeAsync(_app.Prefix));
    }

    /// <summary>
    /// Equal but for the activity log's record of each refused call (its outcome a 4xx status):
    /// the log keeps who tried what, and that is all a refused call leaves.
    /// </summary>
    private static void AssertSame(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var added = after.Except(before).Where(line => !RefusalLogged().IsMatch(line)).ToArray();
        var removed = before.Except(after).ToArray();
        Assert.True(added.Length + removed.Length == 0, $"storage changed:\n+ {string.Join("\n+ ", added)}\n- {string.Join("\n- ", removed)}");
    }

    /// <summary>Rows written by the calls that are not the victim's: the attacker's own activity log is theirs to fill.</summary>
    private async Task<IReadOnlyList<string>> VictimRowsAsync(IReadOnlyList<string> before)
    {
        var after = await StorageSnapshot.TakeAsync(_app.Prefix);
        return [.. after.Where(line => before.Contains(line) || _victim.Appears(line))];
    }

    /// <summary>Each bad input the operation's parameters and body allow: the rest of the call is valid, so the bad part alone is what is refused.</summary>
    private IEnumerable<(string What, string? Body, string Query, IReadOnlyDictionary<string, string> Path)> BadInputs(OpenApiOperation operation)
    {
        var validBody = _victim.ValidBody(operation);
        foreach (var (what, query) in BadQueries(operation))
        {
            yield return (what, validBody, query, _victim.PathValues);
        }

        foreach (var (what, parameter, value) in BadPathValues(operation))
        {
            yield return (what, validBody, "", new Dictionary<string, string>(_victim.PathValues) { [parameter] = value });
        }

        foreach (var (what, body) in BadBodies(operation))
        {
            yield return (what, body, "", _victim.PathValues);
        }
    }

    private static IEnumerable<(string What, string Query)> BadQueries(OpenApiOperation operation)
    {
        foreach (var parameter in Parameters(operation, "query"))
        {
            var name = parameter.GetProperty("name").GetString();
            var schema = parameter.GetProperty("schema");
            var types = Types(schema);
            var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
            IEnumerable<string> values = (types, format, name) switch
            {
                _ when types.Contains("integer") => ["many", "2.5", "-5", "99999999999"],
                _ when types.Contains("boolean") => ["maybe"],
                (_, "date" or "date-time", _) => ["yesterday", "2026-13-45"],
                (_, _, "domain") => ["not a domain..example", new string('a', 300) + ".example"],
                (_, _, "continuation") => ["not-a-continuation-token!"],
                _ => [new string('a', 10_000)],
            };
            foreach (var value in values)
            {
                yield return ($"?{name}={value[..Math.Min(value.Length, 40)]}", $"?{name}={Uri.EscapeDataString(value)}");
            }
        }
    }

    /// <summary>A path parameter that names something by its syntax (a domain, an address, a record type) given one that cannot be.</summary>
    private static IEnumerable<(string What, string Parameter, string Value)> BadPathValues(OpenApiOperation operation)
    {
        foreach (var parameter in Parameters(operation, "path"))
        {
            var name = parameter.GetProperty("name").GetString()!;
            string[] values = name switch
            {
                "domain" or "zone" => ["not a domain..example", "-leading-hyphen.example", new string('a', 64) + ".example", string.Join('.', Enumerable.Repeat(new string('a', 60), 5))],
                "email" => ["not an address@", "a@b@c.example"],
                "type" => ["NOT-A-TYPE"],
                "name" => ["not..a..name", new string('a', 64)],
                _ => [],
            };
            foreach (var value in values)
            {
                yield return ($"{{{name}}} = {value[..Math.Min(value.Length, 40)]}", name, value);
            }
        }
    }

    private IEnumerable<(string What, string Body)> BadBodies(OpenApiOperation operation)
    {
        if (operation.BodyType is not "application/json")
        {
            if (operation.BodyType is not null)
            {
                yield return ("an unreadable zone file", "www 300 IN TXT \"unterminated\n$INCLUDE /etc/passwd\n");
            }

            yield break;
        }

        yield return ("malformed JSON", "{\"");
        yield return ("a JSON array", "[]");
        if (operation.Required.Count > 0)
        {
            yield return ("an empty object", "{}");
        }

        var valid = _victim.ValidBody(operation)!;
        foreach (var property in operation.Required.Where(r => JsonNode.Parse(valid)!.AsObject().ContainsKey(r)))
        {
            yield return ($"{property} missing", OpenApiOperations.With(valid, property, null));
        }

        foreach (var (property, value) in JsonNode.Parse(valid)!.AsObject())
        {
            JsonNode wrong = value?.GetValueKind() switch
            {
                JsonValueKind.String => JsonValue.Create(12345),
                JsonValueKind.Array => JsonValue.Create("not a list"),
                _ => JsonValue.Create("not a number or flag"),
            };
            yield return ($"{property} of the wrong type", OpenApiOperations.With(valid, property, wrong));
            if (value?.GetValueKind() == JsonValueKind.String)
            {
                yield return ($"{property} of 10,000 characters", OpenApiOperations.With(valid, property, new string('a', 10_000)));
            }

            if (value?.GetValueKind() == JsonValueKind.Array)
            {
                yield return ($"{property} holding a number", OpenApiOperations.With(valid, property, new JsonArray(12345)));
                yield return ($"{property} holding null", OpenApiOperations.With(valid, property, new JsonArray((JsonNode?)null)));
                yield return ($"{property} holding 10,000 characters", OpenApiOperations.With(valid, property, new JsonArray(new string('a', 10_000))));
            }

            if (property.Contains("email", StringComparison.OrdinalIgnoreCase))
            {
                yield return ($"{property} not an address", OpenApiOperations.With(valid, property, Like(value, "not an address@")));
            }

            if (property is "domain" or "domains" || (property == "name" && operation.Id == "CreateZone"))
            {
                yield return ($"{property} not a domain", OpenApiOperations.With(valid, property, Like(value, "not a domain..example")));
            }
        }
    }

    /// <summary>The bad value in the shape of the valid one: alone, or as the one element of a list.</summary>
    private static JsonNode Like(JsonNode? valid, string bad) =>
        valid?.GetValueKind() == JsonValueKind.Array ? new JsonArray(JsonValue.Create(bad)) : JsonValue.Create(bad);

    private static IEnumerable<JsonElement> Parameters(OpenApiOperation operation, string where) =>
        operation.Operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == where)
            : [];

    private static string[] Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)]
        : [type.GetString()!];

    private static string Untraced(string problem) => TraceId().Replace(problem, "");

    [System.Text.RegularExpressions.GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex TraceId();

    [System.Text.RegularExpressions.GeneratedRegex("^table activity: .*; Outcome=4[0-9][0-9];")]
    private static partial System.Text.RegularExpressions.Regex RefusalLogged();

    internal static async Task<(string Id, string Key)> CreateAccountAsync(DmarcAppFactory app, string name, string owner)
    {
        var created = await (await app.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name, ownerEmails = new[] { owner }, edition = "Enterprise" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("id").GetString()!, created.GetProperty("apiKey").GetString()!);
    }
}
