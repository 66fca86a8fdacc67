using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dmarc.Functions.Tests.Api;

/// <summary>An owner lists, issues, rotates and revokes the account's keys; a revoked key stops working at once.</summary>
public sealed class ApiKeysApiTests : IAsyncLifetime
{
    private readonly DmarcAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_owner_rotates_their_key_and_the_old_one_stops_working()
    {
        var (account, key) = await CreateAccountAsync("Rotate Co", "owner@rotate.example");
        using var owner = _app.CreateClientWith(key);
        var before = Assert.Single(await owner.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{account}/keys") ?? []);
        Assert.Equal(("owner@rotate.example", "Owner"), (before.GetProperty("email").GetString(), before.GetProperty("role").GetString()));
        Assert.Matches("^[0-9a-f]{16}$", before.GetProperty("id").GetString());
        Assert.DoesNotContain(key, before.ToString(), StringComparison.Ordinal);

        var rotated = await owner.PostAsync(new Uri($"/api/accounts/{account}/keys/{before.GetProperty("id").GetString()}:rotate", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        var issued = await rotated.Content.ReadFromJsonAsync<JsonElement>();
        var newKey = issued.GetProperty("apiKey").GetString()!;

        Assert.Equal(HttpStatusCode.Unauthorized, (await owner.GetAsync(new Uri($"/api/accounts/{account}", UriKind.Relative))).StatusCode);
        using var renewed = _app.CreateClientWith(newKey);
        var after = Assert.Single(await renewed.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{account}/keys") ?? []);
        Assert.Equal(issued.GetProperty("id").GetString(), after.GetProperty("id").GetString());
        Assert.NotEqual(before.GetProperty("id").GetString(), after.GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_owner_issues_a_key_for_a_member_and_revokes_it()
    {
        var (account, key) = await CreateAccountAsync("Issue Co", "owner@issue.example");
        using var owner = _app.CreateClientWith(key);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/accounts/{account}/users", new { email = "member@issue.example", role = "Member" })).StatusCode);

        var issued = await (await owner.PostAsJsonAsync($"/api/accounts/{account}/keys", new { email = "member@issue.example" })).Content.ReadFromJsonAsync<JsonElement>();
        using var member = _app.CreateClientWith(issued.GetProperty("apiKey").GetString()!);
        Assert.Equal("Member", issued.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(new Uri($"/api/accounts/{account}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(new Uri($"/api/accounts/{account}/keys", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.DeleteAsync(new Uri($"/api/accounts/{account}/keys/{issued.GetProperty("id").GetString()}", UriKind.Relative))).StatusCode);

        var revoked = await owner.DeleteAsync(new Uri($"/api/accounts/{account}/keys/{issued.GetProperty("id").GetString()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync(new Uri($"/api/accounts/{account}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.DeleteAsync(new Uri($"/api/accounts/{account}/keys/{issued.GetProperty("id").GetString()}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsJsonAsync($"/api/accounts/{account}/keys", new { email = "stranger@issue.example" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync($"/api/accounts/{account}/keys", new { email = "not an address" })).StatusCode);
    }

    [Fact]
    public async Task Another_accounts_key_cannot_see_or_revoke_the_keys()
    {
        var (account, key) = await CreateAccountAsync("Victim Co", "owner@victim.example");
        var (_, otherKey) = await CreateAccountAsync("Other Co", "owner@other.example");
        using var other = _app.CreateClientWith(otherKey);
        var id = Assert.Single(await _app.CreateClientWith(key).GetFromJsonAsync<JsonElement[]>($"/api/accounts/{account}/keys") ?? []).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/api/accounts/{account}/keys", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync(new Uri($"/api/accounts/{account}/keys/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync(new Uri($"/api/accounts/{account}/keys/{id}:rotate", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClientWith(key).GetAsync(new Uri($"/api/accounts/{account}", UriKind.Relative))).StatusCode);
    }

    private Task<(string Id, string Key)> CreateAccountAsync(string name, string owner) => OpenApiDrivenTests.CreateAccountAsync(_app, name, owner);
}
