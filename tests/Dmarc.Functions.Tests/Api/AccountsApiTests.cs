using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dmarc.Functions.CreateAccount;

namespace Dmarc.Functions.Tests.Api;

public sealed class AccountsApiTests : IAsyncLifetime
{
    private readonly DmarcAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_admin_creates_an_account_and_gets_its_key_once()
    {
        var response = await _app.CreateAdminClient().PostAsJsonAsync("/api/accounts",
            new { name = "Contoso", ownerEmails = new[] { "sec@contoso.com" }, edition = "Premium" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();
        Assert.Equal($"/api/accounts/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("Premium", created.GetProperty("edition").GetString());
        Assert.StartsWith("dmk_", created.GetProperty("apiKey").GetString(), StringComparison.Ordinal);

        var read = await _app.CreateClientWith(created.GetProperty("apiKey").GetString()!).GetFromJsonAsync<JsonElement>($"/api/accounts/{id}");
        Assert.Equal("Contoso", read.GetProperty("name").GetString());
        Assert.False(read.TryGetProperty("apiKey", out _));
    }

    [Fact]
    public async Task Invalid_input_gets_400_with_a_message_per_field_and_creates_nothing()
    {
        var response = await _app.CreateAdminClient().PostAsJsonAsync("/api/accounts",
            new { name = "", ownerEmails = new[] { "not-an-address" }, edition = "Gold" });

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal("The account name is required.", errors.GetProperty("name")[0].GetString());
        Assert.Equal("'not-an-address' is not a valid e-mail address.", errors.GetProperty("ownerEmails[0]")[0].GetString());
        Assert.Equal("The edition must be one of Monitor, Premium, Enterprise.", errors.GetProperty("edition")[0].GetString());
        Assert.Empty(await AccountRows());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"name\": 5, \"ownerEmails\": \"a@b.example\"}")]
    public async Task An_unreadable_body_gets_400_that_says_so(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await _app.CreateAdminClient().PostAsync(new Uri("/api/accounts", UriKind.Relative), content);

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal("The request could not be read.", problem.GetProperty("title").GetString());
        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_a_key_the_answer_is_401_with_how_to_authenticate()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/accounts", new { name = "x" });

        var problem = await AssertProblem(response, HttpStatusCode.Unauthorized);
        Assert.Contains("x-api-key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_key_is_401()
    {
        var response = await _app.CreateClientWith("dmk_unknown").GetAsync(new Uri("/api/accounts/acc_x", UriKind.Relative));
        await AssertProblem(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_account_key_cannot_create_accounts()
    {
        var (_, key) = await CreateAccountAsync("Fabrikam");

        var response = await _app.CreateClientWith(key).PostAsJsonAsync("/api/accounts",
            new { name = "Other", ownerEmails = new[] { "a@b.example" }, edition = "Monitor" });

        await AssertProblem(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_accounts_resource_is_404_exactly_like_a_missing_one()
    {
        var (_, keyA) = await CreateAccountAsync("A");
        var (idB, _) = await CreateAccountAsync("B");
        var client = _app.CreateClientWith(keyA);

        var other = await AssertProblem(await client.GetAsync(new Uri($"/api/accounts/{idB}", UriKind.Relative)), HttpStatusCode.NotFound);
        var missing = await AssertProblem(await client.GetAsync(new Uri("/api/accounts/acc_missing", UriKind.Relative)), HttpStatusCode.NotFound);

        Assert.Equal(missing.GetProperty("title").GetString(), other.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_key_is_accepted_in_the_x_api_key_header_and_the_admin_sees_any_account()
    {
        var (id, key) = await CreateAccountAsync("Northwind");
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", key);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/api/accounts/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateAdminClient().GetAsync(new Uri($"/api/accounts/{id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Keys_are_stored_only_as_hashes()
    {
        var (_, key) = await CreateAccountAsync("Hashco");
        var table = new Azure.Data.Tables.TableClient(Dmarc.Tests.Shared.Azurite.ConnectionString, _app.Names.Table("apikeys"));

        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            rows.Add(JsonSerializer.Serialize(row));
        }

        var stored = Assert.Single(rows);
        Assert.DoesNotContain(key, stored, StringComparison.Ordinal);
        Assert.Contains(Dmarc.Core.Accounts.ApiKeys.Hash(key), stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_too()
    {
        await AssertProblem(await _app.CreateClient().GetAsync(new Uri("/api/nothing-here", UriKind.Relative)), HttpStatusCode.NotFound);
    }

    private async Task<(string Id, string Key)> CreateAccountAsync(string name)
    {
        var response = await _app.CreateAdminClient().PostAsJsonAsync("/api/accounts",
            new { name, ownerEmails = new[] { "owner@example.com" }, edition = "Monitor" });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<CreatedAccountResponse>();
        return (created!.Id, created.ApiKey);
    }

    private async Task<List<string>> AccountRows()
    {
        var table = new Azure.Data.Tables.TableClient(Dmarc.Tests.Shared.Azurite.ConnectionString, _app.Names.Table("accounts"));
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            rows.Add(row.PartitionKey);
        }

        return rows;
    }

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}
