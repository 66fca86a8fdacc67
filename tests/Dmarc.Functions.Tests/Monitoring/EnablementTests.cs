using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Core.Dns;
using Dmarc.Tests.Shared;
using DnsClient;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Monitoring;

/// <summary>Enable and disable through the API, the queue and a real DNS adapter; one subclass per adapter.</summary>
public abstract class EnablementTests(DnsProviderKind kind)
{
    [Fact]
    public async Task Enable_gives_every_zone_exactly_one_outcome_and_writes_only_eligible_zones()
    {
        await using var app = await MonitoringApp.StartAsync(kind);
        var expected = await EnablementScenario.CreateAsync(app);

        var task = await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable"));

        var zones = MonitoringApp.Zones(task);
        Assert.Equal(expected.Keys.Order(), zones.Keys.Order());
        foreach (var (zone, (outcome, reason, after)) in expected)
        {
            var result = zones[zone];
            Assert.True(outcome == result.GetProperty("outcome").GetString(), $"{zone}: {result}");
            Assert.Equal(reason, result.GetProperty("reason").GetString());
            if (after is not null)
            {
                Assert.Equal(after, await app.DmarcValueAsync(zone));
            }
        }

        Assert.Equal(expected.Count, task.GetProperty("processed").GetInt32());
        // Every zone went through the queue in the host's payload shape and none was poisoned.
        var poison = new Azure.Storage.Queues.QueueClient(Azurite.ConnectionString, app.Factory.Names.Queue("zone-tasks-poison"));
        Assert.False((await poison.ExistsAsync()).Value && (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0, "zone-tasks-poison has messages");
        Assert.Equal(expected.Count(e => e.Value.Outcome == "Created"), task.GetProperty("counts").GetProperty("Created").GetInt32());
        Assert.Equal(1, task.GetProperty("skipReasons").GetProperty("InvalidRecord").GetInt32());
        Assert.Contains("does not mean every zone was changed", task.GetProperty("statusMeaning").GetString(), StringComparison.Ordinal);
        var updated = zones[app.Domain("norua")];
        Assert.Equal("v=DMARC1; p=reject; adkim=s", updated.GetProperty("before").GetString());

        // Authorisation records for enabled domains only; an audit entry per change.
        Assert.True(await app.IsAuthorizedAsync(app.Domain("none")));
        Assert.True(await app.IsAuthorizedAsync(app.Domain("already")));
        Assert.False(await app.IsAuthorizedAsync(app.Domain("invalid")));
        var audit = await app.Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/audit");
        Assert.Equal(expected.Count(e => e.Value.Outcome is "Created" or "Updated"), audit!.Length);
        Assert.Contains(audit, a => a.GetProperty("zone").GetString() == app.Domain("norua") && a.GetProperty("before").GetString() == "v=DMARC1; p=reject; adkim=s");

        // The owners are told, with the counts and the caveat.
        var notification = Assert.Single(await app.Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/notifications") ?? [], n => n.GetProperty("kind").GetString() != "Alert");
        Assert.Contains("Completed", notification.GetProperty("body").GetString(), StringComparison.Ordinal);
        var mail = Assert.Single(await Eventually.GetAsync(async () => MonitoringApp.NotAlerts(await MailDev.MessagesToAsync(app.Owner)), m => m.Count > 0, what: "the task e-mail"));
        Assert.Equal("DMARC monitoring enablement completed", mail.GetProperty("subject").GetString());
        Assert.Contains("It does not mean that every zone was changed", mail.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("https://portal.example/reports", mail.GetProperty("html").GetString(), StringComparison.Ordinal);

        // In plain words, each group with what to do and its zones, in both parts; no code names.
        var text = mail.GetProperty("text").GetString()!.ReplaceLineEndings("\n");
        var html = mail.GetProperty("html").GetString()!;
        Assert.Contains($"1 zone has two or more DMARC records\n1 zone has more than one DMARC record; receivers ignore them all, so the domain has no DMARC policy. Remove all but one, then enable monitoring again.\n  - {app.Domain("two")}\n", text, StringComparison.Ordinal);
        Assert.Contains($"1 zone is signed outside this platform\n", text, StringComparison.Ordinal);
        Assert.All(expected.Keys, zone => Assert.Contains(zone, text, StringComparison.Ordinal));
        Assert.All(expected.Keys, zone => Assert.Contains(">" + zone, html, StringComparison.Ordinal));
        Assert.All(new[] { "MultipleDmarcRecords", "UnsupportedDnssec", "InPool", "AlreadyConfigured", "InvalidRecord" },
            code => Assert.DoesNotContain(code, text + html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dry_run_reports_every_outcome_and_writes_nothing()
    {
        await using var app = await MonitoringApp.StartAsync(kind);
        var expected = await EnablementScenario.CreateAsync(app);
        var before = await SnapshotAsync(app, expected.Keys);

        var task = await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable?dryRun=true"));

        Assert.True(task.GetProperty("dryRun").GetBoolean());
        var zones = MonitoringApp.Zones(task);
        Assert.All(expected, e => Assert.Equal(e.Value.Outcome, zones[e.Key].GetProperty("outcome").GetString()));
        Assert.Equal($"v=DMARC1; p=none; rua={EnablementScenario.Ours}", zones[app.Domain("none")].GetProperty("after").GetString());
        Assert.Equal(before, await SnapshotAsync(app, expected.Keys));
        Assert.Empty(await app.Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/audit") ?? []);
        Assert.False(await app.IsAuthorizedAsync(app.Domain("none")));

        // Nobody is told: no notification, and no e-mail kept in the outbox (a task's e-mail is kept there before it completes).
        Assert.Empty(await app.Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/notifications") ?? []);
        var outbox = new Azure.Storage.Blobs.BlobContainerClient(Azurite.ConnectionString, app.Factory.Names.Container("outbox"));
        Assert.Empty(await outbox.GetBlobsAsync().ToListAsync());
        Assert.Empty(await MailDev.MessagesToAsync(app.Owner));
    }

    [Fact]
    public async Task A_second_task_for_the_account_while_one_runs_gets_409()
    {
        await using var app = await MonitoringApp.StartAsync(kind, runner: false);
        await app.CreateZoneAsync(app.Domain("busy"));
        var first = await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable");

        var second = await app.Client.PostAsync(new Uri($"/api/accounts/{app.AccountId}/monitoring:enable", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(first, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // No runner: the first task waits for the worker that lists the account's zones.
        Assert.Equal("Listing", (await app.TaskAsync(first)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_provider_error_fails_that_zone_only_and_a_rerun_retries_it()
    {
        var failing = new FailingZones();
        await using var app = await MonitoringApp.StartAsync(kind, services: s => s.AddSingleton<IDnsProvider>(sp => failing.Wrap(sp)));
        var good = app.Domain("good");
        var bad = app.Domain("bad");
        await app.CreateZoneAsync(good);
        await app.CreateZoneAsync(bad);
        failing.Zone = bad;

        var first = MonitoringApp.Zones(await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable")));

        Assert.Equal("Created", first[good].GetProperty("outcome").GetString());
        Assert.Equal("Failed", first[bad].GetProperty("outcome").GetString());
        Assert.Equal(FailingZones.Error, first[bad].GetProperty("detail").GetString());
        Assert.Null(await app.DmarcValueAsync(bad));
        // The authorisation goes first, so a receiver that checks it as soon as the rua arrives finds it.
        Assert.Equal([(bad, true), (good, true)], failing.Writes.Order());

        failing.Zone = null;
        var rerun = MonitoringApp.Zones(await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable")));

        Assert.Equal("Created", rerun[bad].GetProperty("outcome").GetString());
        Assert.Equal(("Skipped", "AlreadyConfigured"), (rerun[good].GetProperty("outcome").GetString(), rerun[good].GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Disable_removes_only_our_uri_deletes_records_we_created_and_revokes_authorisation()
    {
        await using var app = await MonitoringApp.StartAsync(kind);
        var created = app.Domain("created");
        var updated = app.Domain("updated");
        var other = app.Domain("other");
        await app.CreateZoneAsync(created);
        await app.CreateZoneAsync(updated);
        await app.CreateZoneAsync(other);
        await app.PutAsync(updated, "_dmarc", "TXT", "v=DMARC1; p=reject; rua=mailto:a@x.example!10m");
        await app.PutAsync(other, "_dmarc", "TXT", "v=DMARC1; p=none");
        await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable"));
        await app.PutAsync(other, "_dmarc", "TXT", "v=DMARC1; p=none");

        var dry = MonitoringApp.Zones(await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:disable?dryRun=true")));
        Assert.Equal("Deleted", dry[created].GetProperty("outcome").GetString());
        Assert.NotNull(await app.DmarcValueAsync(created));
        Assert.Single(await app.Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/notifications") ?? [], n => n.GetProperty("kind").GetString() != "Alert"); // the enablement's only

        var zones = MonitoringApp.Zones(await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:disable")));

        Assert.Equal("Deleted", zones[created].GetProperty("outcome").GetString());
        Assert.Null(await app.DmarcValueAsync(created));
        Assert.Equal("Updated", zones[updated].GetProperty("outcome").GetString());
        Assert.Equal("v=DMARC1; p=reject; rua=mailto:a@x.example!10m", await app.DmarcValueAsync(updated));
        Assert.Equal(("Skipped", "NotConfigured"), (zones[other].GetProperty("outcome").GetString(), zones[other].GetProperty("reason").GetString()));
        Assert.False(await app.IsAuthorizedAsync(created));
        Assert.False(await app.IsAuthorizedAsync(updated));
    }

    [Fact]
    public async Task Disable_for_one_domain_and_for_a_list_touch_only_those()
    {
        await using var app = await MonitoringApp.StartAsync(kind);
        var a = app.Domain("a");
        var b = app.Domain("b");
        var c = app.Domain("c");
        foreach (var zone in new[] { a, b, c })
        {
            await app.CreateZoneAsync(zone);
        }

        await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable"));

        var one = await app.CompletedAsync(await app.StartAsync($"/api/domains/{a}/monitoring:disable"));
        Assert.Equal([a], MonitoringApp.Zones(one).Keys);
        var list = await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:disable", new { domains = new[] { b } }));
        Assert.Equal([b], MonitoringApp.Zones(list).Keys);

        Assert.Null(await app.DmarcValueAsync(a));
        Assert.Null(await app.DmarcValueAsync(b));
        Assert.NotNull(await app.DmarcValueAsync(c));
        Assert.True(await app.IsAuthorizedAsync(c));

        var unknown = await app.Client.PostAsJsonAsync($"/api/accounts/{app.AccountId}/monitoring:disable", new { domains = new[] { "not-mine.example" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("'not-mine.example' is not a zone of this account.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string?>> SnapshotAsync(MonitoringApp app, IEnumerable<string> zones)
    {
        var snapshot = new Dictionary<string, string?>();
        foreach (var zone in zones)
        {
            var sets = await app.Dns.GetRecordSetsAsync(zone, "_dmarc." + zone);
            snapshot[zone] = JsonSerializer.Serialize(sets.OrderBy(s => s.Type, StringComparer.Ordinal).Select(s => new { s.Type, Values = s.Values.Order(StringComparer.Ordinal) }));
        }

        return snapshot;
    }

    /// <summary>The configured provider, failing every write to one zone.</summary>
    private sealed class FailingZones
    {
        public const string Error = "The provider refused the change (injected).";

        public string? Zone { get; set; }

        /// <summary>Each write to a _dmarc name, with whether the reporting zone authorised the domain at that moment.</summary>
        public System.Collections.Concurrent.ConcurrentBag<(string Zone, bool Authorized)> Writes { get; } = [];

        public IDnsProvider Wrap(IServiceProvider services)
        {
            var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DnsOptions>>().Value;
            IDnsProvider inner = options.Provider == DnsProviderKind.PowerDns
                ? services.GetRequiredService<PowerDnsProvider>()
                : services.GetRequiredService<HostedDnsProvider>();
            var mock = new Moq.Mock<IDnsProvider>();
            mock.Setup(p => p.ListZonesAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<CancellationToken>())).Returns((string a, CancellationToken ct) => inner.ListZonesAsync(a, ct));
            mock.Setup(p => p.ListZoneNamesAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<CancellationToken>())).Returns((string a, CancellationToken ct) => inner.ListZoneNamesAsync(a, ct));
            mock.Setup(p => p.GetZoneAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<string>(), Moq.It.IsAny<CancellationToken>())).Returns((string a, string z, CancellationToken ct) => inner.GetZoneAsync(a, z, ct));
            mock.Setup(p => p.CreateZoneAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<DnsZone>(), Moq.It.IsAny<CancellationToken>())).Returns((string a, DnsZone z, CancellationToken ct) => inner.CreateZoneAsync(a, z, ct));
            mock.Setup(p => p.GetRecordSetsAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<string>(), Moq.It.IsAny<CancellationToken>())).Returns((string z, string n, CancellationToken ct) => inner.GetRecordSetsAsync(z, n, ct));
            mock.Setup(p => p.GetZoneAndRecordSetsAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<string>(), Moq.It.IsAny<string>(), Moq.It.IsAny<CancellationToken>()))
                .Returns((string a, string z, string n, CancellationToken ct) => inner.GetZoneAndRecordSetsAsync(a, z, n, ct));
            mock.SetupGet(p => p.VerifiesWrites).Returns(inner.VerifiesWrites);
            mock.Setup(p => p.UpsertRecordSetAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<RecordSet>(), Moq.It.IsAny<CancellationToken>()))
                .Returns(async (string z, RecordSet s, CancellationToken ct) =>
                {
                    await NoteAsync(z, s.Name, ct);
                    await (z == Zone ? throw new DnsProviderException(Error) : inner.UpsertRecordSetAsync(z, s, ct));
                });
            mock.Setup(p => p.ChangeReadNameAsync(Moq.It.IsAny<ZoneNameRead>(), Moq.It.IsAny<string>(), Moq.It.IsAny<RecordSet?>(), Moq.It.IsAny<CancellationToken>()))
                .Returns(async (ZoneNameRead r, string t, RecordSet? s, CancellationToken ct) =>
                {
                    await NoteAsync(r.Zone.Name, r.Name, ct);
                    await (r.Zone.Name == Zone ? throw new DnsProviderException(Error) : inner.ChangeReadNameAsync(r, t, s, ct));
                });
            mock.Setup(p => p.DeleteRecordSetAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<string>(), Moq.It.IsAny<string>(), Moq.It.IsAny<CancellationToken>())).Returns((string z, string n, string t, CancellationToken ct) => inner.DeleteRecordSetAsync(z, n, t, ct));
            return mock.Object;

            async Task NoteAsync(string zone, string name, CancellationToken ct)
            {
                if (name == "_dmarc." + zone)
                {
                    Writes.Add((zone, await services.GetRequiredService<Dmarc.Core.Monitoring.ReportingZone>().IsAuthorizedAsync(zone, ct)));
                }
            }
        }
    }
}

public sealed class HostedEnablementTests() : EnablementTests(DnsProviderKind.Hosted);

[Collection(PowerDnsTests.Name)]
public sealed class PowerDnsEnablementTests() : EnablementTests(DnsProviderKind.PowerDns)
{
    [Fact]
    public async Task After_enablement_real_dns_answers_with_the_new_record()
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.PowerDns);
        var zone = app.Domain("live");
        await app.CreateZoneAsync(zone);

        await app.CompletedAsync(await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable"));

        var answer = await PowerDns.Resolver().QueryAsync("_dmarc." + zone, QueryType.TXT);
        Assert.Equal($"v=DMARC1; p=none; rua={EnablementScenario.Ours}", string.Concat(Assert.Single(answer.Answers.TxtRecords()).Text));
        var authorization = await PowerDns.Resolver().QueryAsync($"{zone}._report._dmarc.{app.ReportingDomain}", QueryType.TXT);
        Assert.Equal("v=DMARC1", string.Concat(Assert.Single(authorization.Answers.TxtRecords()).Text));
    }
}
