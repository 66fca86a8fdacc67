using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dmarc.Functions.Tests.Onboarding;

public class AccessAndUsersApiTests
{
    [Fact]
    public async Task An_access_request_reaches_the_owners_and_approval_makes_a_member_who_can_read_but_not_change()
    {
        await using var app = new OnboardingApp();
        var domain = await app.ExistingDomainAsync("access");
        var owner = $"owner-{Guid.NewGuid():N}@{domain}";
        var (accountId, ownerClient) = await app.ActiveAccountAsync(owner, domain);
        var requester = $"colleague-{Guid.NewGuid():N}@{domain}";

        var requested = await app.Anonymous.PostAsJsonAsync("/api/access-requests", new { domain, requesterEmail = requester, message = "I run mail for marketing." });

        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var requestBody = await requested.Content.ReadAsStringAsync();
        Assert.DoesNotContain(owner, requestBody, StringComparison.OrdinalIgnoreCase);
        var id = JsonDocument.Parse(requestBody).RootElement.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous.PostAsJsonAsync("/api/access-requests/confirm", new { token = await OnboardingApp.AccessTokenAsync(requester) })).StatusCode);
        var ownerMail = await OnboardingApp.MailAsync(owner, "Request to join your DMARC monitoring account");
        Assert.Contains(requester, ownerMail.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("I run mail for marketing.", ownerMail.GetProperty("text").GetString(), StringComparison.Ordinal);

        var approved = await ownerClient.PostAsync(new Uri($"/api/access-requests/{id}:approve", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var member = app.Factory.CreateClientWith((await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!);
        await OnboardingApp.MailAsync(requester, "Your access request was approved");

        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(new Uri($"/api/accounts/{accountId}", UriKind.Relative))).StatusCode);
        var users = await member.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{accountId}/users");
        Assert.Contains(users!, u => u.GetProperty("email").GetString() == requester && u.GetProperty("role").GetString() == "Member");
        var enable = await member.PostAsync(new Uri($"/api/accounts/{accountId}/monitoring:enable", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Forbidden, enable.StatusCode);
        Assert.Contains("Members can read this account but not change it", await enable.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var twice = await ownerClient.PostAsync(new Uri($"/api/access-requests/{id}:decline", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("already approved", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declined_request_tells_the_requester_and_strangers_cannot_decide()
    {
        await using var app = new OnboardingApp();
        var domain = await app.ExistingDomainAsync("decline");
        var (_, ownerClient) = await app.ActiveAccountAsync($"owner-{Guid.NewGuid():N}@{domain}", domain);
        var otherDomain = await app.ExistingDomainAsync("stranger");
        var (_, stranger) = await app.ActiveAccountAsync($"owner-{Guid.NewGuid():N}@{otherDomain}", otherDomain);
        var requester = $"someone-{Guid.NewGuid():N}@example.net";
        var id = await app.ConfirmedAccessRequestAsync(domain, requester, "hi");

        var strangerAnswer = await stranger.PostAsync(new Uri($"/api/access-requests/{id}:approve", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, strangerAnswer.StatusCode);
        Assert.Contains($"No access request '{id}' is visible to this caller.", await strangerAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ownerClient.PostAsync(new Uri($"/api/access-requests/{id}:decline", UriKind.Relative), null)).StatusCode);
        await OnboardingApp.MailAsync(requester, "Your access request was declined");
    }

    [Fact]
    public async Task Requests_for_unmanaged_domains_and_bad_input_are_refused()
    {
        await using var app = new OnboardingApp();

        var unmanaged = await app.Anonymous.PostAsJsonAsync("/api/access-requests", new { domain = "unmanaged.example", requesterEmail = "a@unmanaged.example", message = "" });
        var invalid = await app.Anonymous.PostAsJsonAsync("/api/access-requests", new { domain = "not a domain", requesterEmail = "nope", message = "" });

        Assert.Equal(HttpStatusCode.NotFound, unmanaged.StatusCode);
        Assert.Contains("No account of this service manages unmanaged.example", await unmanaged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["domain", "requesterEmail"], errors.EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task Owners_manage_users_and_at_least_one_owner_always_remains()
    {
        await using var app = new OnboardingApp();
        var domain = await app.ExistingDomainAsync("users");
        var first = $"first-{Guid.NewGuid():N}@{domain}";
        var (accountId, ownerClient) = await app.ActiveAccountAsync(first, domain);

        var lastOwner = await ownerClient.DeleteAsync(new Uri($"/api/accounts/{accountId}/users/{first}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Conflict, lastOwner.StatusCode);
        Assert.Contains("is the account's only owner", await lastOwner.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var added = await ownerClient.PostAsJsonAsync($"/api/accounts/{accountId}/users", new { email = $"second@{domain}", role = "Owner" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var second = app.Factory.CreateClientWith((await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!);
        var duplicate = await ownerClient.PostAsJsonAsync($"/api/accounts/{accountId}/users", new { email = $"second@{domain}", role = "Member" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("already has access to this account", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var badRole = await ownerClient.PostAsJsonAsync($"/api/accounts/{accountId}/users", new { email = $"third@{domain}", role = "Admin" });
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.Contains("The role must be Owner or Member.", await badRole.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await second.DeleteAsync(new Uri($"/api/accounts/{accountId}/users/{first}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ownerClient.GetAsync(new Uri($"/api/accounts/{accountId}", UriKind.Relative))).StatusCode);
        var account = await second.GetFromJsonAsync<JsonElement>($"/api/accounts/{accountId}");
        Assert.Equal([$"second@{domain}"], account.GetProperty("ownerEmails").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Domains_belong_to_one_account_at_a_time_and_adding_a_zone_emails_the_owners()
    {
        await using var app = new OnboardingApp();
        var domainA = await app.ExistingDomainAsync("dom-a");
        var ownerA = $"owner-{Guid.NewGuid():N}@{domainA}";
        var (accountA, clientA) = await app.ActiveAccountAsync(ownerA, domainA);
        var domainB = await app.ExistingDomainAsync("dom-b");
        var (accountB, clientB) = await app.ActiveAccountAsync($"owner-{Guid.NewGuid():N}@{domainB}", domainB);
        var extra = $"extra-{app.Factory.Prefix}.example";
        Assert.Equal(HttpStatusCode.Created, (await clientA.PostAsJsonAsync($"/api/accounts/{accountA}/zones", new { name = extra })).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await clientA.PostAsJsonAsync($"/api/accounts/{accountA}/domains", new { domain = extra })).StatusCode);
        var mails = await Dmarc.Tests.Shared.Eventually.GetAsync(
            () => Dmarc.Tests.Shared.MailDev.MessagesToAsync(ownerA),
            m => m.Count(x => x.GetProperty("subject").GetString() == "New Domain Added") >= 2,
            what: "a second 'New Domain Added'");
        Assert.Contains(mails, m => m.GetProperty("text").GetString()!.Contains(extra, StringComparison.Ordinal));

        var taken = await clientB.PostAsJsonAsync($"/api/accounts/{accountB}/domains", new { domain = extra });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("already managed by another account", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var listed = await clientA.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{accountA}/domains");
        Assert.Equal([domainA, extra], listed!.Select(d => d.GetProperty("domain").GetString()).Order(StringComparer.Ordinal));
        var notTheirs = await clientB.DeleteAsync(new Uri($"/api/accounts/{accountB}/domains/{extra}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        Assert.Contains($"No domain '{extra}' is visible to this caller.", await notTheirs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await clientA.DeleteAsync(new Uri($"/api/accounts/{accountA}/domains/{extra}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await clientB.PostAsJsonAsync($"/api/accounts/{accountB}/domains", new { domain = extra })).StatusCode);
    }
}
