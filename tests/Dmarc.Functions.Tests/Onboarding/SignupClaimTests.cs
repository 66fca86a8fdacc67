using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Core.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Onboarding;

/// <summary>A domain is claimed only when a sign-up link is confirmed, and each link activates once.</summary>
public class SignupClaimTests
{
    [Fact]
    public async Task Ten_parallel_confirms_of_one_link_give_exactly_one_owner_key()
    {
        await using var app = new OnboardingApp();
        var domain = await app.ExistingDomainAsync("race");
        var email = $"it-{Guid.NewGuid():N}@{domain}";
        (await app.SignUpAsync(email, domain)).EnsureSuccessStatusCode();
        var token = await OnboardingApp.WelcomeTokenAsync(email);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => app.Anonymous.PostAsJsonAsync("/api/signup/confirm", new { token })));

        var winners = answers.Where(a => a.StatusCode == HttpStatusCode.OK).ToArray();
        Assert.Single(winners);
        Assert.False(string.IsNullOrEmpty((await winners[0].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()));
        foreach (var loser in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.BadRequest, loser.StatusCode);
            Assert.Contains("already used", await loser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_pending_sign_up_claims_nothing_and_the_first_to_confirm_wins()
    {
        await using var app = new OnboardingApp();
        var domain = await app.ExistingDomainAsync("squat");
        var squatter = $"squatter-{Guid.NewGuid():N}@{domain}";
        var owner = $"owner-{Guid.NewGuid():N}@{domain}";

        Assert.Equal(HttpStatusCode.Accepted, (await app.SignUpAsync(squatter, domain)).StatusCode);
        Assert.Null(await app.Factory.Services.GetRequiredService<IMonitoredDomains>().GetAsync(domain));
        var (ownerAccount, _) = await app.ActiveAccountAsync(owner, domain);
        var domainMail = await OnboardingApp.MailAsync(owner, "New Domain Added");
        Assert.Contains(domain, domainMail.GetProperty("text").GetString(), StringComparison.Ordinal);

        var late = await app.Anonymous.PostAsJsonAsync("/api/signup/confirm", new { token = await OnboardingApp.WelcomeTokenAsync(squatter) });

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var detail = (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains($"{domain} was registered by another account after you signed up", detail, StringComparison.Ordinal);
        Assert.Contains("was not activated", detail, StringComparison.Ordinal);
        Assert.Equal(ownerAccount, (await app.Factory.Services.GetRequiredService<IMonitoredDomains>().GetAsync(domain))!.AccountId);
    }

    [Fact]
    public async Task A_sign_up_whose_mail_fails_leaves_nothing_that_blocks_a_retry()
    {
        await using var app = new OnboardingApp();
        var domain = await app.ExistingDomainAsync("smtp-down");
        var email = $"it-{Guid.NewGuid():N}@{domain}";
        await using (var down = new DmarcAppFactory(new() { ["Storage:ResourcePrefix"] = app.Factory.Prefix, ["Email:SmtpPort"] = "9" }))
        {
            var failed = await down.CreateClient().PostAsJsonAsync("/api/signup", new { email, domain });
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        var retried = await app.SignUpAsync(email, domain);

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        await OnboardingApp.WelcomeTokenAsync(email);
    }
}
