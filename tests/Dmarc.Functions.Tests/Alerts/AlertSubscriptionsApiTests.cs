using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Core.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Alerts;

/// <summary>POST/GET/DELETE /api/alerts against Azurite: validated, gated by edition exactly as PRODUCT.md §5, scoped to the caller's account.</summary>
public sealed class AlertSubscriptionsApiTests : IAsyncLifetime
{
    private readonly DmarcAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_owner_subscribes_lists_and_deletes_and_sees_the_smart_alerts_of_the_edition()
    {
        var (accountId, client) = await AccountAsync("Monitor");
        var domain = await MonitoredDomainAsync(accountId);

        var created = await client.PostAsJsonAsync("/api/alerts", new { type = "SuspiciousSending", email = "Sec@Contoso.example", domain = domain.ToUpperInvariant(), percentage = 20, cadence = "weekly" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscription = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("SuspiciousSending", domain, 20, "Weekly"), (subscription.GetProperty("type").GetString(), subscription.GetProperty("domain").GetString(), subscription.GetProperty("percentage").GetInt32(), subscription.GetProperty("cadence").GetString()));
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/alerts");
        Assert.Equal(subscription.GetProperty("id").GetString(), Assert.Single(listed.GetProperty("subscriptions").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(["DomainAdded", "DomainDeleted", "MfaChange", "SsoChange"], listed.GetProperty("smartAlerts").EnumerateArray().Select(a => a.GetProperty("type").GetString()).Order(StringComparer.Ordinal));

        var id = subscription.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"/api/alerts/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(new Uri($"/api/alerts/{id}", UriKind.Relative))).StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("subscriptions").EnumerateArray());
    }

    [Theory]
    [InlineData("Monitor", "DmarcPolicyUpdate", "the Enterprise edition has it")]
    [InlineData("Monitor", "PossibleInternalSender", "the Premium and Enterprise editions have it")]
    [InlineData("Premium", "NewServices", "the Monitor and Enterprise editions have it")]
    public async Task A_type_the_edition_lacks_is_refused_with_403_naming_the_edition_that_has_it(string edition, string type, string named)
    {
        var (_, client) = await AccountAsync(edition);

        var response = await client.PostAsJsonAsync("/api/alerts", new { type, email = "sec@contoso.example" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(named, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_request_names_every_field_at_fault_and_stores_nothing()
    {
        var (_, client) = await AccountAsync("Enterprise");

        var rate = await client.PostAsJsonAsync("/api/alerts", new { type = "SenderDmarcRate", email = "not-an-address", domain = "other.example", percentage = 5 });
        var report = await client.PostAsJsonAsync("/api/alerts", new { type = "ExecutiveReportReady", email = "ceo@contoso.example", cadence = "daily" });
        var smart = await client.PostAsJsonAsync("/api/alerts", new { type = "PossibleInternalSender", email = "ceo@contoso.example" });
        var scoped = await client.PostAsJsonAsync("/api/alerts", new { type = "ExecutiveReportReady", email = "ceo@contoso.example", cadence = "weekly", domain = "contoso.example" });
        var unknown = await client.PostAsJsonAsync("/api/alerts", new { type = "Everything", email = "ceo@contoso.example" });

        Assert.Equal(["band", "domain", "email", "percentage", "sender"], await FieldsAsync(rate));
        Assert.Equal(["cadence"], await FieldsAsync(report));
        Assert.Equal(["domain"], await FieldsAsync(scoped));
        Assert.Contains("smart alert", (await smart.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("type")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(["type"], await FieldsAsync(unknown));
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("subscriptions").EnumerateArray());
    }

    [Fact]
    public async Task Another_account_cannot_delete_a_subscription_and_the_admin_key_acts_in_no_account()
    {
        var (_, owner) = await AccountAsync("Enterprise");
        var (_, other) = await AccountAsync("Enterprise");
        var created = await (await owner.PostAsJsonAsync("/api/alerts", new { type = "NewServices", email = "sec@contoso.example" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync(new Uri($"/api/alerts/{id}", UriKind.Relative))).StatusCode);
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("subscriptions").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.CreateAdminClient().GetAsync(new Uri("/api/alerts", UriKind.Relative))).StatusCode);
        Assert.Single((await owner.GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("subscriptions").EnumerateArray());
    }

    private async Task<(string Id, HttpClient Client)> AccountAsync(string edition)
    {
        var response = await _app.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name = "Contoso", ownerEmails = new[] { $"owner-{Guid.NewGuid():N}@contoso.example" }, edition });
        response.EnsureSuccessStatusCode();
        var account = await response.Content.ReadFromJsonAsync<Dmarc.Functions.CreateAccount.CreatedAccountResponse>();
        return (account!.Id, _app.CreateClientWith(account.ApiKey));
    }

    private async Task<string> MonitoredDomainAsync(string accountId)
    {
        var domain = $"alerts-{Guid.NewGuid():N}"[..20] + ".example";
        await _app.Services.GetRequiredService<IMonitoredDomains>().UpsertAsync(new MonitoredDomain(domain, accountId, null, DateTimeOffset.UtcNow));
        return domain;
    }

    private static async Task<string[]> FieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }
}
