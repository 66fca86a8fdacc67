using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dmarc.Functions.Tests.Onboarding;

public class SignupApiTests
{
    [Fact]
    public async Task Sign_up_sends_the_welcome_link_which_activates_the_account_once_and_claims_the_domain()
    {
        await using var app = new OnboardingApp();
        var domain = await app.ExistingDomainAsync("fabrikam");
        var email = $"it-{Guid.NewGuid():N}@{domain}";

        var response = await app.SignUpAsync(email, domain);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var pending = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Pending", pending.GetProperty("status").GetString());
        var token = await OnboardingApp.WelcomeTokenAsync(email);

        var confirmed = await app.Anonymous.PostAsJsonAsync("/api/signup/confirm", new { token });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var domainMail = await OnboardingApp.MailAsync(email, "New Domain Added");
        Assert.Contains(domain, domainMail.GetProperty("text").GetString(), StringComparison.Ordinal);
        var body = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
        var account = await app.Factory.CreateClientWith(body.GetProperty("apiKey").GetString()!)
            .GetFromJsonAsync<JsonElement>($"/api/accounts/{pending.GetProperty("accountId").GetString()}");
        Assert.Equal(("Active", email), (account.GetProperty("status").GetString(), account.GetProperty("ownerEmails")[0].GetString()));

        var again = await app.Anonymous.PostAsJsonAsync("/api/signup/confirm", new { token });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already used", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("someone@gmail.com", "Addresses at public e-mail providers (Gmail) cannot sign up.")]
    [InlineData("someone@hotmail.com", "Addresses at public e-mail providers (Outlook) cannot sign up.")]
    [InlineData("someone@other-company.example", "The address must be at")]
    [InlineData("not-an-address", "is not a valid e-mail address.")]
    public async Task Addresses_that_cannot_sign_up_get_400_with_the_reason(string email, string message)
    {
        await using var app = new OnboardingApp();

        var response = await app.SignUpAsync(email, "contoso.example");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(message, problem.GetProperty("errors").GetProperty("email")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_domain_missing_from_dns_gets_400_and_creates_nothing()
    {
        await using var app = new OnboardingApp();
        var domain = $"nowhere-{app.Factory.Prefix}.example";

        var response = await app.SignUpAsync($"it@{domain}", domain);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("was not found in DNS (no SOA or NS record)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subdomain_address_may_sign_up_for_its_organisation()
    {
        await using var app = new OnboardingApp();
        var domain = await app.ExistingDomainAsync("northwind");

        var response = await app.SignUpAsync($"dmarc@mail.{domain}", domain);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc.def")]
    public async Task A_bad_link_gets_400_that_says_so(string token)
    {
        await using var app = new OnboardingApp();

        var response = await app.Anonymous.PostAsJsonAsync("/api/signup/confirm", new { token });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The link is not valid.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_domain_already_registered_gets_409_that_explains_without_naming_the_owners()
    {
        await using var app = new OnboardingApp();
        var domain = await app.ExistingDomainAsync("taken");
        var first = $"first-{Guid.NewGuid():N}@{domain}";
        await app.ActiveAccountAsync(first, domain);

        var response = await app.SignUpAsync($"second@{domain}", domain);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("already managed by another account of this DMARC monitoring service", detail, StringComparison.Ordinal);
        Assert.Contains("nothing to do with your DNS provider's configuration", detail, StringComparison.Ordinal);
        Assert.Contains("POST /api/access-requests", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(first, detail, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("\"a@{0}@\"@attacker.example")]
    [InlineData("\"it\"@{0}")]
    [InlineData("it(comment)@{0}")]
    [InlineData("it@[127.0.0.1]")]
    public async Task Quoted_or_unusual_addresses_cannot_sign_up_for_another_domain(string template)
    {
        await using var app = new OnboardingApp();
        var victim = await app.ExistingDomainAsync("victim-corp");

        var response = await app.SignUpAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, victim), victim);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("is not a valid e-mail address.", problem.GetProperty("errors").GetProperty("email")[0].GetString(), StringComparison.Ordinal);
    }
}
