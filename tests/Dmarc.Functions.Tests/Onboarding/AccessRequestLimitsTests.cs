using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Dmarc.Functions.Tests.Onboarding;

/// <summary>Anonymous access requests: the requester confirms first, the text is bounded, and requests are limited per requester and domain.</summary>
public class AccessRequestLimitsTests
{
    [Fact]
    public async Task The_owners_are_mailed_only_after_the_requester_confirms_the_address()
    {
        await using var app = new OnboardingApp();
        var domain = await app.ExistingDomainAsync("confirm-first");
        var owner = $"owner-{Guid.NewGuid():N}@{domain}";
        var (_, ownerClient) = await app.ActiveAccountAsync(owner, domain);
        var requester = $"someone-{Guid.NewGuid():N}@example.net";

        var requested = await app.Anonymous.PostAsJsonAsync("/api/access-requests", new { domain, requesterEmail = requester, message = "Let me in" });

        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var id = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var token = await OnboardingApp.AccessTokenAsync(requester);
        Assert.DoesNotContain(await MailDev.MessagesToAsync(owner), m => m.GetProperty("subject").GetString() == "Request to join your DMARC monitoring account");
        Assert.Equal(HttpStatusCode.NotFound, (await ownerClient.PostAsync(new Uri($"/api/access-requests/{id}:approve", UriKind.Relative), null)).StatusCode);

        var confirmed = await app.Anonymous.PostAsJsonAsync("/api/access-requests/confirm", new { token });

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var ownerMail = await OnboardingApp.MailAsync(owner, "Request to join your DMARC monitoring account");
        Assert.Contains("Let me in", ownerMail.GetProperty("text").GetString(), StringComparison.Ordinal);
        var twice = await app.Anonymous.PostAsJsonAsync("/api/access-requests/confirm", new { token });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("already confirmed", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_are_limited_per_requester_and_per_domain_until_the_next_day()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new OnboardingApp(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        var domain = await app.ExistingDomainAsync("limits");
        await app.ActiveAccountAsync($"owner-{Guid.NewGuid():N}@{domain}", domain);
        var requester = $"eager-{Guid.NewGuid():N}@example.net";
        Task<HttpResponseMessage> Ask(string from) => app.Anonymous.PostAsJsonAsync("/api/access-requests", new { domain, requesterEmail = from, message = "please" });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Ask(requester)).StatusCode);
        }

        var fourth = await Ask(requester);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.True(fourth.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero && wait <= TimeSpan.FromDays(1), fourth.Headers.RetryAfter?.ToString());
        Assert.Contains("at most 3 access requests a day from one address", await fourth.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Ask($"other-{i}-{Guid.NewGuid():N}@example.net")).StatusCode);
        }

        var eleventh = await Ask($"late-{Guid.NewGuid():N}@example.net");
        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
        Assert.Contains($"at most 10 access requests a day for {domain}", await eleventh.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        time.Advance(fourth.Headers.RetryAfter!.Delta!.Value);
        Assert.Equal(HttpStatusCode.Accepted, (await Ask(requester)).StatusCode);
    }

    [Theory]
    [InlineData("hello\u0007there", "control characters")]
    [InlineData("click \u202Eevil", "control characters")]
    [InlineData(null, "at most 1000 characters")]
    public async Task Messages_with_control_characters_or_too_long_are_refused(string? message, string reason)
    {
        await using var app = new OnboardingApp();

        var response = await app.Anonymous.PostAsJsonAsync("/api/access-requests", new { domain = "contoso.example", requesterEmail = "a@contoso.example", message = message ?? new string('x', 1001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("message")[0].GetString(), StringComparison.Ordinal);
    }
}
