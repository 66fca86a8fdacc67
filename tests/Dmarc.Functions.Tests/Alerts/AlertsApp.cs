using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dmarc.Functions.Tests.Alerts;

/// <summary>The app against Azurite, MailDev and PowerDNS with a clock the test moves; accounts with addresses of their own.</summary>
internal sealed class AlertsApp : IAsyncDisposable
{
    private AlertsApp(Action<IServiceCollection>? services)
    {
        Factory = new DmarcAppFactory(services: s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            services?.Invoke(s);
        });
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public DmarcAppFactory Factory { get; }

    public static AlertsApp Start(Action<IServiceCollection>? services = null) => new(services);

    public static string Address(string label) => $"{label}-{Guid.NewGuid():N}@contoso.example";

    public static string NewDomain() => $"alerts-{Guid.NewGuid():N}"[..22] + ".example";

    public async Task<(string Id, HttpClient Client, string Owner)> AccountAsync(string edition)
    {
        var owner = Address("owner");
        var response = await Factory.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name = "Contoso", ownerEmails = new[] { owner }, edition });
        response.EnsureSuccessStatusCode();
        var account = await response.Content.ReadFromJsonAsync<CreateAccount.CreatedAccountResponse>();
        return (account!.Id, Factory.CreateClientWith(account.ApiKey), owner);
    }

    /// <summary>The messages to an address with a subject, once there are at least <paramref name="atLeast"/>.</summary>
    public static Task<IReadOnlyList<JsonElement>> MailAsync(string to, string subject, int atLeast = 1) =>
        Eventually.GetAsync(async () => (IReadOnlyList<JsonElement>)[.. (await MailDev.MessagesToAsync(to)).Where(m => m.GetProperty("subject").GetString() == subject)], m => m.Count >= atLeast, what: $"{atLeast} message(s) '{subject}' to {to}");

    public static async Task<int> CountAsync(string to, string subject) =>
        (await MailDev.MessagesToAsync(to)).Count(m => m.GetProperty("subject").GetString() == subject);

    public async Task<string> TimerAsync(string function)
    {
        var response = await TriggerPayloads.PostAsync(Factory.CreateClient(), function, TriggerPayloads.Timer(pastDue: false));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The account's alert notifications, leaving out those titled <paramref name="except"/>.</summary>
    public static async Task<JsonElement[]> AlertNotificationsAsync(HttpClient client, string accountId, string? except = null) =>
        [.. (await client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{accountId}/notifications") ?? [])
            .Where(n => n.GetProperty("kind").GetString() == "Alert" && n.GetProperty("title").GetString() != except)];

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
