using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Dmarc.Adapters.Dns;
using Dmarc.Adapters.Email;
using Dmarc.Adapters.Monitoring;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Notifications;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Dmarc.Functions.Tests.Monitoring;

/// <summary>
/// Each step after the DNS write fails once (against the real storage, DNS and SMTP servers), and
/// the end state must equal that of an undisturbed run: the same outcomes, the same audit entries,
/// the same registry and authorisations, one notification and exactly one e-mail.
/// </summary>
public abstract class BookkeepingFailureTests(DnsProviderKind kind)
{
    private static readonly ConcurrentDictionary<DnsProviderKind, Lazy<Task<string>>> Baselines = new();
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public async Task An_audit_write_lost_after_the_dns_write_is_finished_by_the_retry_with_one_entry()
    {
        var audit = new FailOnce();
        await using var app = await MonitoringApp.StartAsync(kind, services: s => s.AddSingleton<IAuditLog>(sp => new FlakyAudit(ActivatorUtilities.CreateInstance<TableAuditLog>(sp), audit)));

        // The row is written, then the answer is lost: the retry must replace it, not add another.
        Assert.Equal(await BaselineAsync(), await RunAsync(app));
        Assert.True(audit.Failed);
    }

    [Fact]
    public async Task A_registry_write_failing_after_the_dns_write_is_finished_by_the_retry_as_created()
    {
        var registry = new FailOnce();
        await using var app = await MonitoringApp.StartAsync(kind, services: s => s.AddSingleton<IMonitoredDomains>(sp => new FlakyRegistry(ActivatorUtilities.CreateInstance<TableMonitoredDomains>(sp), registry)));

        Assert.Equal(await BaselineAsync(), await RunAsync(app));
        Assert.True(registry.Failed);
    }

    [Fact]
    public async Task Enqueueing_failing_part_way_is_resumed_by_the_sweep_and_releases_the_account()
    {
        var queue = new FailOnce();
        await using var app = await MonitoringApp.StartAsync(
            kind,
            services: s => s.AddSingleton<IZoneWorkDispatcher>(sp => new FlakyDispatcher(ActivatorUtilities.CreateInstance<QueueZoneWorkDispatcher>(sp), queue)),
            settings: new() { ["Monitoring:DispatchGrace"] = "00:00:00" });

        Assert.Equal(await BaselineAsync(), await RunAsync(app, async () =>
        {
            // The worker that listed the zones queues them; the injected failure happens there.
            await Eventually.GetAsync(() => Task.FromResult(queue.Failed), failed => failed, what: "the injected queue failure");
            var sweep = await TriggerPayloads.PostAsync(app.Factory.CreateClient(), "ResumeTasks", TriggerPayloads.Timer(pastDue: false));
            Assert.Equal(HttpStatusCode.OK, sweep.StatusCode);
        }));
    }

    [Fact]
    public async Task A_failure_while_finishing_is_finished_by_the_retry_with_one_notification_and_one_email()
    {
        var notifications = new FailOnce();
        await using var app = await MonitoringApp.StartAsync(kind, services: s => s.AddSingleton<INotificationStore>(sp => new FlakyNotifications(ActivatorUtilities.CreateInstance<TableNotificationStore>(sp), notifications)));

        Assert.Equal(await BaselineAsync(), await RunAsync(app));
        Assert.True(notifications.Failed);
    }

    [Fact]
    public async Task An_smtp_failure_leaves_the_email_pending_and_the_outbox_timer_sends_it_once()
    {
        var smtp = new FailOnce();
        await using var app = await MonitoringApp.StartAsync(kind, services: s => s.AddSingleton<ISmtpTransport>(sp => new FlakySmtp(ActivatorUtilities.CreateInstance<SmtpTransport>(sp), smtp)));
        var client = app.Factory.CreateClient();

        Assert.Equal(await BaselineAsync(), await RunAsync(app, afterCompletion: async () =>
        {
            // The e-mail is sent after the task turns Completed, so its failure is waited for, not assumed.
            await Eventually.GetAsync(() => Task.FromResult(smtp.Failed), failed => failed, what: "the injected SMTP failure");
            var outbox = new BlobContainerClient(Azurite.ConnectionString, app.Factory.Names.Container("outbox"));
            var pending = await outbox.GetBlobClient(BlobEmailOutbox.BlobName(TaskNotifier.EmailKey(app.TaskIds[^1]))).GetPropertiesAsync();
            Assert.Equal(BlobEmailOutbox.Pending, pending.Value.Metadata[BlobEmailOutbox.StatusKey]);
            await SendOutboxAsync(client);
        }));

        // Another run of the timer sends nothing: the message is marked sent.
        Assert.Contains("sent: 0", await SendOutboxAsync(client), StringComparison.Ordinal);
        Assert.Single(MonitoringApp.NotAlerts(await MailDev.MessagesToAsync(app.Owner)));
    }

    [Fact]
    public async Task A_zone_whose_message_is_lost_is_queued_again_then_failed_and_the_account_is_released()
    {
        await using var app = await MonitoringApp.StartAsync(
            kind,
            services: s => s.AddSingleton<IZoneWorkDispatcher>(sp => new DroppingDispatcher(ActivatorUtilities.CreateInstance<QueueZoneWorkDispatcher>(sp), dropListing: false)),
            settings: new() { ["Monitoring:StuckAfter"] = "00:00:00", ["Monitoring:MaxResumes"] = "1" });
        var zone = app.Domain("lost");
        await app.CreateZoneAsync(zone);
        var taskId = await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable");
        var client = app.Factory.CreateClient();
        var store = app.Factory.Services.GetRequiredService<ITaskStore>();
        await Eventually.GetAsync(() => store.GetAsync(taskId), t => t is { Status: MonitoringTaskStatus.Running, DispatchedAt: not null }, what: "the listed zone to be queued (and dropped)");

        (await TriggerPayloads.PostAsync(client, "ResumeTasks", TriggerPayloads.Timer(pastDue: false))).EnsureSuccessStatusCode();
        Assert.Equal("Running", (await app.TaskAsync(taskId)).GetProperty("status").GetString());
        (await TriggerPayloads.PostAsync(client, "ResumeTasks", TriggerPayloads.Timer(pastDue: false))).EnsureSuccessStatusCode();

        var task = await app.TaskAsync(taskId);
        Assert.Equal("Completed", task.GetProperty("status").GetString());
        var result = MonitoringApp.Zones(task)[zone];
        Assert.Equal("Failed", result.GetProperty("outcome").GetString());
        Assert.Contains("zone-tasks-poison", result.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var next = await app.Client.PostAsync(new Uri($"/api/accounts/{app.AccountId}/monitoring:enable", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
    }

    [Fact]
    public async Task A_lost_listing_is_queued_again_then_ends_the_task_with_the_reason_and_releases_the_account()
    {
        await using var app = await MonitoringApp.StartAsync(
            kind,
            services: s => s.AddSingleton<IZoneWorkDispatcher>(sp => new DroppingDispatcher(ActivatorUtilities.CreateInstance<QueueZoneWorkDispatcher>(sp), dropListing: true)),
            settings: new() { ["Monitoring:StuckAfter"] = "00:00:00", ["Monitoring:MaxResumes"] = "1" });
        var zone = app.Domain("unlisted");
        await app.CreateZoneAsync(zone);
        var taskId = await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable");
        var client = app.Factory.CreateClient();

        (await TriggerPayloads.PostAsync(client, "ResumeTasks", TriggerPayloads.Timer(pastDue: false))).EnsureSuccessStatusCode();
        Assert.Equal("Listing", (await app.TaskAsync(taskId)).GetProperty("status").GetString());
        (await TriggerPayloads.PostAsync(client, "ResumeTasks", TriggerPayloads.Timer(pastDue: false))).EnsureSuccessStatusCode();

        var task = await app.TaskAsync(taskId);
        Assert.Equal("Completed", task.GetProperty("status").GetString());
        Assert.Equal(0, task.GetProperty("total").GetInt32());
        Assert.Contains("no zone was changed", task.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Null(await app.DmarcValueAsync(zone));
        var next = await app.Client.PostAsync(new Uri($"/api/accounts/{app.AccountId}/monitoring:enable", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
    }

    private static async Task<string> SendOutboxAsync(HttpClient client)
    {
        var response = await TriggerPayloads.PostAsync(client, "SendOutbox", TriggerPayloads.Timer(pastDue: false));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private Task<string> BaselineAsync() =>
        Baselines.GetOrAdd(kind, k => new Lazy<Task<string>>(async () =>
        {
            await using var app = await MonitoringApp.StartAsync(k);
            return await RunAsync(app);
        })).Value;

    /// <summary>
    /// Enables a created, an updated and an already configured zone, waits for the task and its
    /// e-mail, and describes everything a user can see, with the test's own names taken out.
    /// </summary>
    private static async Task<string> RunAsync(MonitoringApp app, Func<Task>? afterStart = null, Func<Task>? afterCompletion = null)
    {
        var labels = new[] { "none", "norua", "already" };
        await app.CreateZoneAsync(app.Domain("none"));
        await app.CreateZoneAsync(app.Domain("norua"));
        await app.PutAsync(app.Domain("norua"), "_dmarc", "TXT", "v=DMARC1; p=reject; adkim=s");
        await app.CreateZoneAsync(app.Domain("already"));
        await app.PutAsync(app.Domain("already"), "_dmarc", "TXT", $"v=DMARC1; p=none; rua={EnablementScenario.Ours}");

        var taskId = await app.StartAsync($"/api/accounts/{app.AccountId}/monitoring:enable");
        app.TaskIds.Add(taskId);
        if (afterStart is not null)
        {
            await afterStart();
        }

        var task = await app.CompletedAsync(taskId);
        if (afterCompletion is not null)
        {
            await afterCompletion();
        }

        var mail = await Eventually.GetAsync(async () => MonitoringApp.NotAlerts(await MailDev.MessagesToAsync(app.Owner)), m => m.Count > 0, what: "the task e-mail");
        string Name(string? value) => (value ?? "").Replace(app.Factory.Prefix, "<prefix>", StringComparison.Ordinal).Replace(taskId, "<task>", StringComparison.Ordinal).Replace(app.ReportingDomain, "<reporting>", StringComparison.Ordinal);

        var zones = MonitoringApp.Zones(task);
        var state = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            var zone = app.Domain(label);
            var r = zones[zone];
            state[label] = new
            {
                outcome = r.GetProperty("outcome").GetString(),
                reason = r.GetProperty("reason").GetString(),
                before = r.GetProperty("before").GetString(),
                after = r.GetProperty("after").GetString(),
                dns = await app.DmarcValueAsync(zone),
                authorised = await app.IsAuthorizedAsync(zone),
            };
        }

        var registry = await app.Factory.Services.GetRequiredService<IMonitoredDomains>().ListAsync(app.AccountId);
        state["registry"] = registry.Select(d => $"{Name(d.Domain)} {d.CreatedRecord}").Order(StringComparer.Ordinal).ToArray();
        var audit = await app.Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/audit") ?? [];
        state["audit"] = audit.Select(a => $"{Name(a.GetProperty("zone").GetString())} | {a.GetProperty("before").GetString()} -> {a.GetProperty("after").GetString()} | {Name(a.GetProperty("taskId").GetString())}").Order(StringComparer.Ordinal).ToArray();
        var notifications = await app.Client.GetFromJsonAsync<JsonElement[]>($"/api/accounts/{app.AccountId}/notifications") ?? [];
        state["notifications"] = notifications.Where(n => n.GetProperty("kind").GetString() != Dmarc.Core.Alerts.AlertDelivery.NotificationKind).Select(n => Name(n.GetProperty("title").GetString()) + " | " + Name(n.GetProperty("body").GetString())).ToArray();
        state["mail"] = mail.Select(m => Name(m.GetProperty("subject").GetString()) + " | " + Name(m.GetProperty("text").GetString())).ToArray();
        state["task"] = new { status = task.GetProperty("status").GetString(), processed = task.GetProperty("processed").GetInt32() };
        return JsonSerializer.Serialize(state, Indented);
    }

    /// <summary>Fails the first call it is asked about, then lets every call through.</summary>
    private sealed class FailOnce
    {
        private int _calls;

        public bool Failed => _calls > 0;

        public bool Now() => Interlocked.Exchange(ref _calls, 1) == 0;

        public static RequestFailedException StorageError() => new(503, "The storage answer was lost (injected).");
    }

    private sealed class FlakyAudit(IAuditLog inner, FailOnce fail) : IAuditLog
    {
        public async Task AddAsync(AuditEntry entry, CancellationToken cancellationToken = default)
        {
            await inner.AddAsync(entry, cancellationToken);
            if (entry.Zone.StartsWith("none-", StringComparison.Ordinal) && fail.Now())
            {
                throw FailOnce.StorageError();
            }
        }

        public Task<IReadOnlyList<AuditEntry>> ListAsync(string accountId, int max, CancellationToken cancellationToken = default) => inner.ListAsync(accountId, max, cancellationToken);
    }

    private sealed class FlakyRegistry(IMonitoredDomains inner, FailOnce fail) : IMonitoredDomains
    {
        public Task<MonitoredDomain?> GetAsync(string domain, CancellationToken cancellationToken = default) => inner.GetAsync(domain, cancellationToken);

        public Task UpsertAsync(MonitoredDomain domain, CancellationToken cancellationToken = default) =>
            domain.Domain.StartsWith("none-", StringComparison.Ordinal) && fail.Now() ? throw FailOnce.StorageError() : inner.UpsertAsync(domain, cancellationToken);

        public Task<bool> TryClaimAsync(MonitoredDomain domain, CancellationToken cancellationToken = default) => inner.TryClaimAsync(domain, cancellationToken);

        public Task<IReadOnlyList<MonitoredDomain>> ListAsync(string accountId, CancellationToken cancellationToken = default) => inner.ListAsync(accountId, cancellationToken);

        public Task<IReadOnlyList<MonitoredDomain>> ListAllAsync(CancellationToken cancellationToken = default) => inner.ListAllAsync(cancellationToken);

        public Task RemoveAsync(string domain, CancellationToken cancellationToken = default) => inner.RemoveAsync(domain, cancellationToken);
    }

    /// <summary>Queues the first zone, then fails (the rest are never queued).</summary>
    private sealed class FlakyDispatcher(IZoneWorkDispatcher inner, FailOnce fail) : IZoneWorkDispatcher
    {
        public async Task EnqueueAsync(IReadOnlyList<ZoneWorkItem> items, CancellationToken cancellationToken = default)
        {
            if (items.Count > 1 && fail.Now())
            {
                await inner.EnqueueAsync(items.Take(1).ToArray(), cancellationToken);
                throw FailOnce.StorageError();
            }

            await inner.EnqueueAsync(items, cancellationToken);
        }
    }

    /// <summary>Accepts the zones' messages (and the listing's, if asked) and delivers none of them, as if each went to poison.</summary>
    private sealed class DroppingDispatcher(IZoneWorkDispatcher inner, bool dropListing) : IZoneWorkDispatcher
    {
        public Task EnqueueAsync(IReadOnlyList<ZoneWorkItem> items, CancellationToken cancellationToken = default) =>
            items.All(i => i.Zone is not null) || dropListing ? Task.CompletedTask : inner.EnqueueAsync(items, cancellationToken);
    }

    private sealed class FlakyNotifications(INotificationStore inner, FailOnce fail) : INotificationStore
    {
        public Task AddAsync(Notification notification, CancellationToken cancellationToken = default) =>
            notification.Kind != Dmarc.Core.Alerts.AlertDelivery.NotificationKind && fail.Now() ? throw FailOnce.StorageError() : inner.AddAsync(notification, cancellationToken);

        public Task<IReadOnlyList<Notification>> ListAsync(string accountId, int max, CancellationToken cancellationToken = default) => inner.ListAsync(accountId, max, cancellationToken);
    }

    private sealed class FlakySmtp(ISmtpTransport inner, FailOnce fail) : ISmtpTransport
    {
        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default) =>
            message.Subject?.StartsWith("Alert:", StringComparison.Ordinal) != true && fail.Now() ? throw new IOException("Connection refused (injected).") : inner.SendAsync(message, cancellationToken);
    }
}

public sealed class HostedBookkeepingFailureTests() : BookkeepingFailureTests(DnsProviderKind.Hosted);

public sealed class PowerDnsBookkeepingFailureTests() : BookkeepingFailureTests(DnsProviderKind.PowerDns);
