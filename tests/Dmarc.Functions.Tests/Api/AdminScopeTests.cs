using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dmarc.Functions.Tests.Api;

/// <summary>The admin key creates and reads accounts; inside an account only the account's own keys act; every such action is in the activity log.</summary>
public sealed class AdminScopeTests : IAsyncLifetime
{
    private readonly DmarcAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_admin_key_cannot_add_an_owner_write_records_or_read_inside_an_account()
    {
        var (id, ownerKey) = await CreateAccountAsync();
        var owner = _app.CreateClientWith(ownerKey);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/accounts/{id}/zones", new { name = "scope-test.example" })).StatusCode);
        var admin = _app.CreateAdminClient();

        var addOwner = await admin.PostAsJsonAsync($"/api/accounts/{id}/users", new { email = "intruder@evil.example", role = "Owner" });
        var putRecord = await admin.PutAsJsonAsync($"/api/accounts/{id}/zones/scope-test.example/records/_dmarc/TXT", new { values = new[] { "v=DMARC1; p=none" } });
        var listZones = await admin.GetAsync(new Uri($"/api/accounts/{id}/zones", UriKind.Relative));
        var listUsers = await admin.GetAsync(new Uri($"/api/accounts/{id}/users", UriKind.Relative));
        var enable = await admin.PostAsync(new Uri($"/api/accounts/{id}/monitoring:enable", UriKind.Relative), null);

        Assert.All(new[] { addOwner, putRecord, listZones, listUsers, enable }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        var problem = await addOwner.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("needs a key of one of its users", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var users = await owner.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{id}/users") ?? [];
        Assert.DoesNotContain(users, u => u.GetProperty("email").GetString() == "intruder@evil.example");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri($"/api/accounts/{id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Every_call_of_the_admin_key_is_in_the_admin_activity_log_with_its_answer()
    {
        var (id, _) = await CreateAccountAsync();
        var admin = _app.CreateAdminClient();
        await admin.GetAsync(new Uri($"/api/accounts/{id}", UriKind.Relative));
        await admin.PostAsJsonAsync($"/api/accounts/{id}/users", new { email = "intruder@evil.example", role = "Owner" });

        var log = await admin.GetFromJsonAsync<JsonElement[]>("/api/operator/activity") ?? [];

        var entries = log.Select(e => (Action: e.GetProperty("action").GetString(), Outcome: e.GetProperty("outcome").GetString(), Actor: e.GetProperty("actor").GetString(), Account: e.GetProperty("accountId").GetString())).ToArray();
        Assert.Contains(("CreateAccount", "201", "admin", (string?)null), entries);
        Assert.Contains(("GetAccount", "200", "admin", (string?)id), entries);
        Assert.Contains(("AddUser", "403", "admin", (string?)id), entries);
    }

    [Fact]
    public async Task User_and_key_changes_are_in_the_accounts_activity_log_for_its_owners_only()
    {
        var (id, ownerKey) = await CreateAccountAsync();
        var owner = _app.CreateClientWith(ownerKey);
        var added = await owner.PostAsJsonAsync($"/api/accounts/{id}/users", new { email = "reader@contoso.example", role = "Member" });
        var memberKey = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync(new Uri($"/api/accounts/{id}/users/reader@contoso.example", UriKind.Relative))).StatusCode);

        var log = await owner.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{id}/activity") ?? [];

        var entries = log.Select(e => $"{e.GetProperty("actor").GetString()} {e.GetProperty("action").GetString()} {e.GetProperty("target").GetString()} -> {e.GetProperty("outcome").GetString()}").ToArray();
        Assert.Contains("owner@contoso.example (Owner) AddUser POST /api/accounts/" + id + "/users -> 201", entries);
        Assert.Contains("service UserAdded reader@contoso.example as Member -> Done", entries);
        Assert.Contains("service ApiKeyIssued reader@contoso.example as Member -> Done", entries);
        Assert.Contains("service ApiKeyIssued owner@contoso.example as Owner -> Done", entries);
        Assert.Contains("owner@contoso.example (Owner) RemoveUser DELETE /api/accounts/" + id + "/users/reader@contoso.example -> 204", entries);
        Assert.Contains("service UserRemoved reader@contoso.example (Member) and their keys -> Done", entries);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClientWith(memberKey).GetAsync(new Uri($"/api/accounts/{id}/activity", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Record_changes_are_in_the_activity_log_with_who_made_them_and_the_answer()
    {
        var (id, ownerKey) = await CreateAccountAsync();
        var owner = _app.CreateClientWith(ownerKey);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/accounts/{id}/zones", new { name = "audited-records.example" })).StatusCode);
        var put = await owner.PutAsJsonAsync($"/api/accounts/{id}/zones/audited-records.example/records/www/A", new { values = new[] { "192.0.2.1" } });
        var refused = await owner.PutAsJsonAsync($"/api/accounts/{id}/zones/audited-records.example/records/x/LUA", new { values = new[] { "TXT \"os.exit()\"" } });

        var log = await owner.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{id}/activity") ?? [];

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest), (put.StatusCode, refused.StatusCode));
        var entries = log.Select(e => $"{e.GetProperty("actor").GetString()} {e.GetProperty("action").GetString()} {e.GetProperty("target").GetString()} -> {e.GetProperty("outcome").GetString()}").ToArray();
        Assert.Contains($"owner@contoso.example (Owner) CreateZone POST /api/accounts/{id}/zones -> 201", entries);
        Assert.Contains($"owner@contoso.example (Owner) PutRecordSet PUT /api/accounts/{id}/zones/audited-records.example/records/www/A -> 200", entries);
        Assert.Contains($"owner@contoso.example (Owner) PutRecordSet PUT /api/accounts/{id}/zones/audited-records.example/records/x/LUA -> 400", entries);
    }

    [Fact]
    public async Task When_the_activity_log_cannot_be_written_the_change_does_not_happen()
    {
        var (id, ownerKey) = await CreateAccountAsync();
        var owner = _app.CreateClientWith(ownerKey);
        var activity = new Azure.Data.Tables.TableClient(Dmarc.Tests.Shared.Azurite.ConnectionString, _app.Names.Table(Dmarc.Adapters.Storage.StorageNames.Activity));
        await activity.DeleteAsync();

        var added = await owner.PostAsJsonAsync($"/api/accounts/{id}/users", new { email = "reader@contoso.example", role = "Member" });

        Assert.Equal(HttpStatusCode.InternalServerError, added.StatusCode);
        await activity.CreateIfNotExistsAsync();
        var users = await owner.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{id}/users") ?? [];
        Assert.DoesNotContain(users, u => u.GetProperty("email").GetString() == "reader@contoso.example");
    }

    [Fact]
    public async Task Members_cannot_read_the_activity_log()
    {
        var (id, ownerKey) = await CreateAccountAsync();
        var added = await _app.CreateClientWith(ownerKey).PostAsJsonAsync($"/api/accounts/{id}/users", new { email = "reader@contoso.example", role = "Member" });
        var member = _app.CreateClientWith((await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!);

        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(new Uri($"/api/accounts/{id}/activity", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(new Uri("/api/operator/activity", UriKind.Relative))).StatusCode);
    }

    private async Task<(string Id, string Key)> CreateAccountAsync()
    {
        var response = await _app.CreateAdminClient().PostAsJsonAsync("/api/accounts",
            new { name = "Contoso", ownerEmails = new[] { "owner@contoso.example" }, edition = "Monitor" });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("id").GetString()!, created.GetProperty("apiKey").GetString()!);
    }
}
