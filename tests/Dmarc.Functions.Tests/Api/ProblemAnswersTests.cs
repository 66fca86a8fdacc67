using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Dmarc.Core.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dmarc.Functions.Tests.Api;

/// <summary>
/// Ordinary bad input never gets a 500, and every error is a problem detail in the API's own words.
/// The app runs on Kestrel, so header checks and the server's own rejections are the real ones.
/// </summary>
public sealed class ProblemAnswersTests : IAsyncLifetime
{
    private readonly DmarcAppFactory _app = new();
    private string _accountId = "";
    private HttpClient _owner = null!;

    public ProblemAnswersTests() => _app.UseKestrel(0);

    public async Task InitializeAsync()
    {
        _app.StartServer();
        var created = await (await _app.CreateAdminClient().PostAsJsonAsync("/api/accounts",
            new { name = "Contoso", ownerEmails = new[] { "owner@contoso.example" }, edition = "Premium" })).Content.ReadFromJsonAsync<JsonElement>();
        _accountId = created.GetProperty("id").GetString()!;
        _owner = _app.CreateClientWith(created.GetProperty("apiKey").GetString()!);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_unicode_domain_answers_with_a_punycode_location_whether_added_at_once_or_challenged()
    {
        var zone = $"münchen-{_app.Prefix}.example";
        var ascii = new System.Globalization.IdnMapping().GetAscii(zone);

        var zoneCreated = await _owner.PostAsJsonAsync($"/api/accounts/{_accountId}/zones", new { name = zone });
        var added = await _owner.PostAsJsonAsync($"/api/accounts/{_accountId}/domains", new { domain = "straße." + zone });
        var challenged = await _owner.PostAsJsonAsync($"/api/accounts/{_accountId}/domains", new { domain = $"köln-{_app.Prefix}.example" });

        Assert.Equal(HttpStatusCode.Created, zoneCreated.StatusCode);
        Assert.Equal($"/api/accounts/{_accountId}/zones/{ascii}", zoneCreated.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal($"/api/accounts/{_accountId}/domains/{new System.Globalization.IdnMapping().GetAscii("straße." + zone)}", added.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Accepted, challenged.StatusCode);
        Assert.Equal($"/api/accounts/{_accountId}/domains/{new System.Globalization.IdnMapping().GetAscii($"köln-{_app.Prefix}.example")}:verify", challenged.Headers.Location!.OriginalString);
        Assert.All(new[] { zoneCreated, added, challenged }, r => Assert.True(r.Headers.Location!.OriginalString.All(char.IsAscii)));
    }

    [Fact]
    public async Task A_record_set_over_the_limits_answers_400_with_the_limit_and_writes_nothing()
    {
        var zone = $"big-{_app.Prefix}.example";
        Assert.Equal(HttpStatusCode.Created, (await _owner.PostAsJsonAsync($"/api/accounts/{_accountId}/zones", new { name = zone })).StatusCode);
        static IEnumerable<string> Values(int count) => Enumerable.Range(0, count).Select(i => i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + new string('v', 247));

        var many = await _owner.PutAsJsonAsync($"/api/accounts/{_accountId}/zones/{zone}/records/big/TXT", new { values = Values(150) });
        var tooLong = await _owner.PutAsJsonAsync($"/api/accounts/{_accountId}/zones/{zone}/records/big/TXT", new { values = Values(33) });
        var fits = await _owner.PutAsJsonAsync($"/api/accounts/{_accountId}/zones/{zone}/records/fits/TXT", new { values = Values(32) });

        var manyProblem = await AssertProblemAsync(many, HttpStatusCode.BadRequest);
        Assert.Contains("at most 100 values; this one has 150", manyProblem.GetProperty("errors").GetProperty("values")[0].GetString(), StringComparison.Ordinal);
        var longProblem = await AssertProblemAsync(tooLong, HttpStatusCode.BadRequest);
        Assert.Contains("at most 8000 characters; these have 8250", longProblem.GetProperty("errors").GetProperty("values")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        var sets = await _owner.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{_accountId}/zones/{zone}/records");
        Assert.Equal(["fits." + zone], sets!.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(32, sets![0].GetProperty("values").GetArrayLength());
    }

    [Theory]
    [InlineData("continuation=garbage", "continuation")]
    [InlineData("continuation=Zm9v%20YmFy", "continuation")]
    [InlineData("from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z", "from")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=1001", "pageSize")]
    [InlineData("pageSize=-5", "pageSize")]
    public async Task Report_paging_values_the_service_cannot_use_answer_400(string query, string field)
    {
        var response = await _owner.GetAsync(new Uri("/api/reports?" + query, UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task The_largest_page_size_is_accepted()
    {
        var page = await _owner.GetFromJsonAsync<JsonElement>("/api/reports?pageSize=1000&from=2024-01-01T00:00:00Z&to=2024-01-01T00:00:00Z");

        Assert.Equal(0, page.GetProperty("reports").GetArrayLength());
    }

    /// <summary>Malformed and mistyped bodies and odd query values across a representative set of endpoints.</summary>
    [Theory]
    [InlineData("POST", "/api/accounts/{id}/domains", "{\"domain\": 5}", "domain", "text")]
    [InlineData("POST", "/api/accounts/{id}/domains", "{not json", "body", "not valid JSON")]
    [InlineData("POST", "/api/accounts/{id}/domains", "", "body", "none was sent")]
    [InlineData("POST", "/api/accounts/{id}/domains", "null", "body", "JSON object")]
    [InlineData("POST", "/api/accounts/{id}/domains", "[1, 2]", "body", "JSON object")]
    [InlineData("POST", "/api/accounts/{id}/zones", "{\"name\": \"a.example\", \"kind\": \"Bogus\"}", "kind", "one of Primary, Secondary, Alias")]
    [InlineData("POST", "/api/accounts/{id}/zones", "{\"name\": \"a.example\", \"dnssec\": \"Sometimes\"}", "dnssec", "one of NotSigned")]
    [InlineData("POST", "/api/accounts/{id}/users", "{\"email\": [\"a@b.example\"]}", "email", "text")]
    [InlineData("POST", "/api/accounts/{id}/monitoring:disable", "{\"domains\": \"a.example\"}", "domains", "list of strings")]
    [InlineData("POST", "/api/accounts/{id}/monitoring:enable?dryRun=maybe", null, "dryRun", "true or false")]
    [InlineData("PUT", "/api/accounts/{id}/zones/a.example/records/www/TXT", "{\"ttl\": \"soon\"}", "ttl", "whole number")]
    [InlineData("PUT", "/api/accounts/{id}/zones/a.example/records/www/TXT", "{\"values\": [1]}", "values[0]", "text")]
    [InlineData("GET", "/api/reports?pageSize=abc", null, "pageSize", "whole number")]
    [InlineData("GET", "/api/reports?from=yesterday", null, "from", "date and time")]
    [InlineData("GET", "/api/accounts/{id}/audit?max=lots", null, "max", "whole number")]
    [InlineData("POST", "/api/signup", "{\"email\": true}", "email", "text")]
    [InlineData("POST", "/api/access-requests", "{\"domain\": {}}", "domain", "text")]
    public async Task Unreadable_input_says_which_field_is_wrong_and_why_in_the_apis_words(string method, string path, string? body, string field, string expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path.Replace("{id}", _accountId, StringComparison.Ordinal), UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await _owner.SendAsync(request);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var text = problem.ToString();
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Implicit body", text, StringComparison.Ordinal);
        Assert.DoesNotContain("parameter \"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Dmarc.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable", text, StringComparison.Ordinal);
        var message = problem.GetProperty("errors").GetProperty(field)[0].GetString();
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET /api/health%00x HTTP/1.1", 400, "The request could not be read.")]
    [InlineData("GET /api/reports?q=%00 HTTP/1.1", 401, null)]
    [InlineData("GET /api/{long} HTTP/1.1", 414, "The URL is too long.")]
    [InlineData("GET /api/health HTTP/1.1\r\nBad Header: x", 400, "The request could not be read.")]
    public async Task Requests_the_server_refuses_before_the_app_answer_a_problem_detail(string requestLine, int status, string? title)
    {
        var (code, contentType, body) = await RawAsync(requestLine.Replace("{long}", new string('a', 10_000), StringComparison.Ordinal));

        Assert.Equal(status, code);
        Assert.Equal("application/problem+json", contentType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        if (title is not null)
        {
            Assert.Equal(title, problem.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task After_a_rejected_request_the_next_connection_is_served_normally()
    {
        var (rejected, _, _) = await RawAsync("GET /api/health%00 HTTP/1.1");
        var (served, contentType, body) = await RawAsync("GET /api/health HTTP/1.1");

        Assert.Equal((400, 200), (rejected, served));
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        Assert.Equal("Healthy", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unhandled_exception_answers_a_problem_500_with_a_trace_id_and_no_internals()
    {
        await using var failing = new DmarcAppFactory(services: s =>
        {
            s.RemoveAll<IReportStore>();
            s.AddSingleton<IReportStore>(new BrokenReportStore());
        });
        var created = await (await failing.CreateAdminClient().PostAsJsonAsync("/api/accounts",
            new { name = "Contoso", ownerEmails = new[] { "owner@contoso.example" }, edition = "Monitor" })).Content.ReadFromJsonAsync<JsonElement>();
        var owner = failing.CreateClientWith(created.GetProperty("apiKey").GetString()!);

        var response = await owner.GetAsync(new Uri("/api/reports", UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.StartsWith("00-", problem.GetProperty("traceId").GetString(), StringComparison.Ordinal);
        var text = problem.ToString();
        Assert.DoesNotContain(BrokenReportStore.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.False(problem.TryGetProperty("exception", out _));
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Sends a request as raw bytes (HttpClient refuses to send some of these) and reads the answer to the end.</summary>
    private async Task<(int Status, string? ContentType, string Body)> RawAsync(string requestHead)
    {
        using var client = _app.CreateClient();
        var address = client.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        var head = $"{requestHead}\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head));
        using var read = new MemoryStream();
        await stream.CopyToAsync(read);
        var text = Encoding.UTF8.GetString(read.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = text[..split].Split("\r\n");
        string? Header(string name) => headers.Skip(1).Select(h => h.Split(':', 2)).FirstOrDefault(h => h[0].Equals(name, StringComparison.OrdinalIgnoreCase))?[1].Trim();
        var body = text[(split + 4)..];
        return (int.Parse(headers[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), Header("Content-Type")?.Split(';')[0],
            Header("Transfer-Encoding") == "chunked" ? Dechunk(body) : body);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var end = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = int.Parse(chunked[at..end], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, end + 2, size);
            at = end + 2 + size + 2;
        }
    }

    private sealed class BrokenReportStore : IReportStore
    {
        public const string Secret = "connection string AccountKey=hunter2";

        public Task SaveAsync(StoredReport report, IReadOnlyList<Contribution> contributions, CancellationToken cancellationToken = default) => throw Fail();

        public Task<StoredReport?> GetAsync(string accountId, string key, CancellationToken cancellationToken = default) => throw Fail();

        public Task<(IReadOnlyList<StoredReport> Reports, string? Next)> ListAsync(string accountId, string? domain, DateTimeOffset? since, DateTimeOffset? until, int pageSize, string? continuation, CancellationToken cancellationToken = default) => throw Fail();

        public bool IsContinuation(string continuation) => true;

        public Task MoveAsync(string key, string fromAccountId, string toAccountId, CancellationToken cancellationToken = default) => throw Fail();

        public Task<IReadOnlyList<Contribution>> ContributionsAsync(string domain, DateOnly day, CancellationToken cancellationToken = default) => throw Fail();

        private static InvalidOperationException Fail() => new($"Storage failed: {Secret}");
    }
}
