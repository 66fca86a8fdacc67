using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dmarc.Core.Dns;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Onboarding;

/// <summary>The app with PowerDNS as the public DNS that sign-up checks, and helpers to sign up and confirm.</summary>
public sealed partial class OnboardingApp : IAsyncDisposable
{
    private readonly List<string> _zones = [];

    public OnboardingApp(Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) => Factory = new(services: services);

    public DmarcAppFactory Factory { get; }

    public HttpClient Anonymous => Factory.CreateClient();

    /// <summary>A domain that exists in DNS: a zone on the local PowerDNS the sign-up check queries.</summary>
    public async Task<string> ExistingDomainAsync(string label)
    {
        var domain = $"{label}-{Factory.Prefix}.example";
        await PowerDns.CreateProvider().CreateZoneAsync("dns-only", new DnsZone(domain, ZoneKind.Primary, DnssecState.NotSigned));
        _zones.Add(domain);
        return domain;
    }

    public Task<HttpResponseMessage> SignUpAsync(string email, string domain) =>
        Anonymous.PostAsJsonAsync("/api/signup", new { email, domain });

    /// <summary>The token of the link in the newest welcome e-mail to an address.</summary>
    public static async Task<string> WelcomeTokenAsync(string email)
    {
        var welcome = await MailAsync(email, "Welcome - start your DMARC journey");
        return Uri.UnescapeDataString(TokenPattern().Match(welcome.GetProperty("text").GetString()!).Groups[1].Value);
    }

    /// <summary>The token of the link in the newest access confirmation e-mail to an address.</summary>
    public static async Task<string> AccessTokenAsync(string email)
    {
        var mail = await MailAsync(email, "Confirm your request to join a DMARC monitoring account");
        return Uri.UnescapeDataString(TokenPattern().Match(mail.GetProperty("text").GetString()!).Groups[1].Value);
    }

    /// <summary>Asks for access, confirms the requester's address, and returns the request's id.</summary>
    public async Task<string> ConfirmedAccessRequestAsync(string domain, string requester, string message)
    {
        var requested = await Anonymous.PostAsJsonAsync("/api/access-requests", new { domain, requesterEmail = requester, message });
        requested.EnsureSuccessStatusCode();
        var confirmed = await Anonymous.PostAsJsonAsync("/api/access-requests/confirm", new { token = await AccessTokenAsync(requester) });
        confirmed.EnsureSuccessStatusCode();
        return (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> MailAsync(string to, string subject) =>
        (await Eventually.GetAsync(
            () => MailDev.MessagesToAsync(to),
            m => m.Any(x => x.GetProperty("subject").GetString() == subject),
            what: $"'{subject}' to {to}")).Last(x => x.GetProperty("subject").GetString() == subject);

    /// <summary>Signs up, confirms, and returns the account id and the owner's client.</summary>
    public async Task<(string AccountId, HttpClient Owner)> ActiveAccountAsync(string email, string domain)
    {
        (await SignUpAsync(email, domain)).EnsureSuccessStatusCode();
        var confirmed = await Anonymous.PostAsJsonAsync("/api/signup/confirm", new { token = await WelcomeTokenAsync(email) });
        confirmed.EnsureSuccessStatusCode();
        var body = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("accountId").GetString()!, Factory.CreateClientWith(body.GetProperty("apiKey").GetString()!));
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        foreach (var zone in _zones)
        {
            await PowerDns.DeleteZoneAsync(zone);
        }
    }

    [GeneratedRegex(@"token=([^\s]+)")]
    private static partial Regex TokenPattern();
}
