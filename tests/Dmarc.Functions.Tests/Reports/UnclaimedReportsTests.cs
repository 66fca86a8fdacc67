using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dmarc.Adapters.Reports;
using Dmarc.Core.Reports;
using Dmarc.Adapters.Dns;
using Dmarc.Functions.Tests.Monitoring;
using Dmarc.Functions.Tests.Onboarding;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Dmarc.Functions.Tests.Reports;

/// <summary>Reports that came before the claim: adding the domain moves them from unclaimed to the account.</summary>
public class UnclaimedReportsTests
{
    [Fact]
    public async Task Reports_of_a_domain_move_from_unclaimed_to_the_account_that_adds_it()
    {
        await using var app = new DmarcAppFactory();
        var domain = $"early-{Guid.NewGuid():N}"[..20] + ".example";
        await IngestAsync(app, domain, "early-1");
        await IngestAsync(app, domain, "early-2");
        Assert.Equal(2, (await UnclaimedAsync(app, domain)).Length);
        var (accountId, key) = await AccountWithZoneAsync(app, domain);
        var owner = app.CreateClientWith(key);

        var added = await owner.PostAsJsonAsync($"/api/accounts/{accountId}/domains", new { domain });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Empty(await UnclaimedAsync(app, domain));
        var reports = await ReportsAsync(owner, domain);
        Assert.Equal(["early-1", "early-2"], reports.Select(r => r.GetProperty("reportId").GetString()).Order(StringComparer.Ordinal));
        var full = await owner.GetFromJsonAsync<JsonElement>($"/api/reports/{reports[0].GetProperty("id").GetString()}");
        Assert.Equal(3, full.GetProperty("records").GetArrayLength());

        await IngestAsync(app, domain, "after-claim");
        Assert.Empty(await UnclaimedAsync(app, domain));
        Assert.Equal(3, (await ReportsAsync(owner, domain)).Length);
    }

    [Fact]
    public async Task A_move_that_fails_after_writing_under_the_account_is_completed_by_adding_the_domain_again()
    {
        var failOnce = new FailFirstMoveAfterWrite();
        await using var app = new DmarcAppFactory(services: s => s.AddSingleton<IReportStore>(sp => failOnce.Wrap(ActivatorUtilities.CreateInstance<TableReportStore>(sp))));
        var domain = $"halfway-{Guid.NewGuid():N}"[..20] + ".example";
        await IngestAsync(app, domain, "halfway-1");
        await IngestAsync(app, domain, "halfway-2");
        var (accountId, key) = await AccountWithZoneAsync(app, domain);
        var owner = app.CreateClientWith(key);

        var first = await owner.PostAsJsonAsync($"/api/accounts/{accountId}/domains", new { domain });

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(2, (await UnclaimedAsync(app, domain)).Length);
        Assert.Single(await ReportsAsync(owner, domain));

        var retry = await owner.PostAsJsonAsync($"/api/accounts/{accountId}/domains", new { domain });

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Empty(await UnclaimedAsync(app, domain));
        Assert.Equal(["halfway-1", "halfway-2"], (await ReportsAsync(owner, domain)).Select(r => r.GetProperty("reportId").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(3, failOnce.Moves);
    }

    [Fact]
    public async Task Enabling_monitoring_moves_the_reports_of_the_zones_it_registers()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted);
        var zone = app.Domain("enable-early");
        await app.CreateZoneAsync(zone);
        await IngestAsync(app.Factory, zone, "before-enable");
        Assert.Single(await UnclaimedAsync(app.Factory, zone));

        await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable"));

        Assert.Empty(await UnclaimedAsync(app.Factory, zone));
        Assert.Equal("before-enable", Assert.Single(await ReportsAsync(app.Client, zone)).GetProperty("reportId").GetString());
    }

    [Fact]
    public async Task Confirming_a_sign_up_moves_the_reports_of_its_domain()
    {
        await using var app = new OnboardingApp();
        var domain = await app.ExistingDomainAsync("signup-early");
        await IngestAsync(app.Factory, domain, "before-signup");

        var (_, owner) = await app.ActiveAccountAsync($"owner-{Guid.NewGuid():N}@{domain}", domain);

        Assert.Empty(await UnclaimedAsync(app.Factory, domain));
        Assert.Equal("before-signup", Assert.Single(await ReportsAsync(owner, domain)).GetProperty("reportId").GetString());
    }

    private static async Task IngestAsync(DmarcAppFactory app, string domain, string reportId)
    {
        var xml = Encoding.UTF8.GetBytes(ReportGenerator.Xml(records: 3, distinctIps: 2, policyDomain: domain, reportId: reportId));
        (await TriggerPayloads.IngestAsync(app.CreateClient(), $"{reportId}.xml", xml)).EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement[]> UnclaimedAsync(DmarcAppFactory app, string domain) =>
        (await app.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/unclaimed?domain={domain}")).GetProperty("reports").EnumerateArray().ToArray();

    private static async Task<JsonElement[]> ReportsAsync(HttpClient owner, string domain) =>
        (await owner.GetFromJsonAsync<JsonElement>($"/api/reports?domain={domain}")).GetProperty("reports").EnumerateArray().ToArray();

    /// <summary>An account (owner key) with the domain as its zone, so adding the domain needs no DNS proof.</summary>
    private static async Task<(string Id, string Key)> AccountWithZoneAsync(DmarcAppFactory app, string zone)
    {
        var created = await app.CreateAdminClient().PostAsJsonAsync("/api/accounts", new { name = "Early Co", ownerEmails = new[] { "o@owner.example" }, edition = "Monitor" });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var (id, key) = (body.GetProperty("id").GetString()!, body.GetProperty("apiKey").GetString()!);
        var zoneCreated = await app.CreateClientWith(key).PostAsJsonAsync($"/api/accounts/{id}/zones", new { name = zone });
        Assert.Equal(HttpStatusCode.Created, zoneCreated.StatusCode);
        return (id, key);
    }

    /// <summary>
    /// The real store, except that the first move writes the report under the new account and then
    /// fails before deleting the unclaimed row, as a storage outage between the two writes would.
    /// </summary>
    private sealed class FailFirstMoveAfterWrite
    {
        private int _moves;

        public int Moves => _moves;

        public IReportStore Wrap(TableReportStore inner)
        {
            var mock = new Mock<IReportStore>(MockBehavior.Strict);
            mock.Setup(s => s.MoveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
                .Returns(async (string key, string from, string to, CancellationToken ct) =>
                {
                    if (Interlocked.Increment(ref _moves) == 1)
                    {
                        var report = await inner.GetAsync(from, key, ct) ?? throw new InvalidOperationException($"No report {key} under {from}.");
                        await inner.SaveAsync(report with { AccountId = to }, [], ct);
                        throw new IOException("Storage went away between the two writes (injected).");
                    }

                    await inner.MoveAsync(key, from, to, ct);
                });
            mock.Setup(s => s.SaveAsync(It.IsAny<StoredReport>(), It.IsAny<IReadOnlyList<Contribution>>(), It.IsAny<CancellationToken>()))
                .Returns((StoredReport r, IReadOnlyList<Contribution> c, CancellationToken ct) => inner.SaveAsync(r, c, ct));
            mock.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
                .Returns((string a, string k, CancellationToken ct) => inner.GetAsync(a, k, ct));
            mock.Setup(s => s.ContributionsAsync(It.IsAny<string>(), It.IsAny<DateOnly>(), It.IsAny<CancellationToken>()))
                .Returns((string d, DateOnly day, CancellationToken ct) => inner.ContributionsAsync(d, day, ct));
            mock.Setup(s => s.ListAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<DateTimeOffset?>(), It.IsAny<DateTimeOffset?>(), It.IsAny<int>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
                .Returns((string a, string? d, DateTimeOffset? f, DateTimeOffset? t, int p, string? c, CancellationToken ct) => inner.ListAsync(a, d, f, t, p, c, ct));
            return mock.Object;
        }
    }
}
