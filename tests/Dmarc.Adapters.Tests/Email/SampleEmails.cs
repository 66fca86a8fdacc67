using Dmarc.Adapters.Charts;
using Dmarc.Adapters.Tests.Charts;
using Dmarc.Core.Alerts;
using Dmarc.Core.ExecutiveReports;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Notifications;
using Dmarc.Core.Onboarding;
using Dmarc.Core.Overview;

namespace Dmarc.Adapters.Tests.Email;

/// <summary>Every e-mail the service sends, composed by the code that sends it from realistic data.</summary>
internal static class SampleEmails
{
    public const string Rua = "mailto:reports@rua.dmarc-monitor.example";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly Uri Reports = new("https://portal.dmarc-monitor.example/reports");
    private static readonly Uri TaskLink = new("https://api.dmarc-monitor.example/api/tasks/task_7f3a");

    /// <summary>Composed once: the executive report renders its five charts, and every test case asks for one message.</summary>
    private static readonly Lazy<Dictionary<string, EmailMessage>> Mails = new(All);

    public static IReadOnlyList<string> Names => [.. Mails.Value.Keys];

    public static EmailMessage Get(string name) => Mails.Value[name];

    private static Dictionary<string, EmailMessage> All()
    {
        var mails = new Dictionary<string, EmailMessage>(StringComparer.Ordinal)
        {
            ["task-enable"] = EnableTask(),
            ["task-disable"] = DisableTask(),
            ["welcome"] = OnboardingMail.Welcome("new.owner@contoso.example", "contoso.example", new Uri("https://portal.dmarc-monitor.example/signup/confirm?token=eyJhbGciOiJIUzI1NiJ9.c2lnbnVwLXRva2Vu"), TimeSpan.FromHours(24)),
            ["new-domain"] = OnboardingMail.NewDomain(["owner@contoso.example"], "newsletter.contoso.example"),
            ["access-confirm"] = OnboardingMail.AccessConfirm(Request(), new Uri("https://portal.dmarc-monitor.example/access/confirm?token=YWNjZXNzLXRva2Vu"), TimeSpan.FromHours(24)),
            ["access-requested"] = OnboardingMail.AccessRequested(["owner@contoso.example"], Request()),
            ["access-approved"] = OnboardingMail.AccessDecided(Request(), approved: true),
            ["access-declined"] = OnboardingMail.AccessDecided(Request(), approved: false),
            ["executive-report"] = ExecutiveReport(),
        };
        foreach (var alert in Alerts())
        {
            mails["alert-" + alert.Type + (alert.Record is { } r && alert.Type == AlertType.RecordConfigurationChange ? "-" + r : "")] = AlertMessages.Compose(alert, ["owner@contoso.example"], Reports);
        }

        return mails;
    }

    /// <summary>An enable task over 50 zones with every kind of outcome; one group is longer than the list limit.</summary>
    public static EmailMessage EnableTask()
    {
        var task = new MonitoringTask("task_7f3a", "acc_1", TaskKind.Enable, false, MonitoringTaskStatus.Completed, 50, At.AddMinutes(-3), At);
        var results = new List<ZoneResult>();
        void Add(string zone, ZoneChange change) => results.Add(new ZoneResult(task.Id, zone, change, At));
        foreach (var i in Enumerable.Range(1, 12))
        {
            Add($"shop{i:00}.contoso.example", new ZoneChange(Outcome.Created, null, null, null, $"v=DMARC1; p=none; rua={Rua}"));
        }

        foreach (var i in Enumerable.Range(1, 5))
        {
            Add($"brand{i}.example", new ZoneChange(Outcome.Updated, null, null, "v=DMARC1; p=none", $"v=DMARC1; p=none; rua={Rua}"));
        }

        Add("a.example", ZoneChange.Skip(SkipReason.MultipleDmarcRecords, "2 DMARC records"));
        Add("b.example", ZoneChange.Skip(SkipReason.MultipleDmarcRecords, "2 DMARC records"));
        Add("pool.contoso.example", ZoneChange.Skip(SkipReason.InPool, "pool"));
        Add("signed-elsewhere.example", ZoneChange.Skip(SkipReason.UnsupportedDnssec, "presigned"));
        Add("mirror.contoso.example", ZoneChange.Skip(SkipReason.SecondaryZone, "secondary"));
        Add("legacy.example", ZoneChange.Skip(SkipReason.InvalidRecord, "the tag 'p' is missing"));
        Add("flaky.example", ZoneChange.Fail("the DNS provider answered 503"));
        foreach (var i in Enumerable.Range(1, 23))
        {
            Add($"regional-office-{i:00}.subsidiary-with-a-long-name.contoso.example", ZoneChange.Skip(SkipReason.Delegated, "NS"));
        }

        Add("www.contoso.example", ZoneChange.Skip(SkipReason.AlreadyConfigured, "configured"));
        return TaskMessage.Compose(task, results, Rua, Reports, TaskLink).Message(["owner@contoso.example"], TaskMessage.Subject(task));
    }

    private static EmailMessage DisableTask()
    {
        var task = new MonitoringTask("task_9c1d", "acc_1", TaskKind.Disable, false, MonitoringTaskStatus.Completed, 4, At.AddMinutes(-1), At);
        ZoneResult[] results =
        [
            new(task.Id, "contoso.example", new ZoneChange(Outcome.Updated, null, null, $"v=DMARC1; p=reject; rua={Rua}", "v=DMARC1; p=reject"), At),
            new(task.Id, "shop01.contoso.example", new ZoneChange(Outcome.Deleted, null, null, $"v=DMARC1; p=none; rua={Rua}", null), At),
            new(task.Id, "other.example", ZoneChange.Skip(SkipReason.NotConfigured, "not ours"), At),
            new(task.Id, "flaky.example", ZoneChange.Fail("the DNS provider answered 503"), At),
        ];
        return TaskMessage.Compose(task, results, Rua, Reports, null).Message(["owner@contoso.example"], TaskMessage.Subject(task));
    }

    private static AccessRequest Request() =>
        new("acr_1", "acc_1", "contoso.example", "colleague@contoso.example", "I run the marketing mail and need the reports.", AccessRequestStatus.Pending, At);

    private static IEnumerable<AlertEvent> Alerts()
    {
        AlertEvent E(AlertType type, string what, string? before, string? after, string next, string? sender = null) =>
            new(type, "acc_1", "contoso.example", sender, "scope", what, before, after, next, At);
        yield return E(AlertType.MfaChange, "Multi-factor sign-in was turned off for the account.", "required", "off", "If nobody in your team did this, turn it back on and rotate the account's API keys.");
        yield return E(AlertType.SsoChange, "Single sign-on was switched to another provider.", "Entra ID", "Okta", "Check with your identity team that the change was planned.");
        yield return E(AlertType.DomainAdded, "A domain was added to the account.", null, "newsletter.contoso.example", "Nothing to do if you added it; else remove it.");
        yield return E(AlertType.DomainDeleted, "A domain was removed from the account.", "old-brand.example", null, "Reports for it are no longer kept.");
        yield return E(AlertType.PossibleInternalSender, "An unknown server sends as your domain and passes SPF.", null, "203.0.113.25 (mail.branch.contoso.example)", "Approve it if it is yours; deny it if not.", "203.0.113.25");
        yield return E(AlertType.SenderDmarcRate, "An approved sender's DMARC pass rate fell below 95 %.", "99.2 %", "81.4 % of 12,400 messages", "Check the sender's DKIM signing and SPF include.", "Mailchimp");
        yield return E(AlertType.NewServices, "New e-mail services send as contoso.example.", null, "SendGrid, Zendesk", "Approve the ones you use; deny the rest.");
        yield return E(AlertType.SuspiciousSending, "A server with no history sent 4,210 messages as your domain, all failing DMARC.", "0 messages", "4,210 messages from 198.51.100.7", "If it is not yours, move the domain towards p=reject.", "198.51.100.7");
        yield return E(AlertType.DmarcPolicyUpdate, "The DMARC policy of contoso.example changed.", "v=DMARC1; p=none; rua=" + Rua, "v=DMARC1; p=quarantine; pct=25; t=y; rua=" + Rua, "Nothing to do: this is step 2 of the enforcement plan.") with { Record = RecordKind.Dmarc };
        yield return E(AlertType.RecordConfigurationChange, "The SPF record of contoso.example changed.", "v=spf1 include:spf.protection.outlook.com ~all", "v=spf1 include:spf.protection.outlook.com include:sendgrid.net ~all", "Check the change was intended.") with { Record = RecordKind.Spf };
        yield return E(AlertType.ExecutiveReportReady, "Your monthly executive report is ready.", null, "1 Nov 2026 to 30 Nov 2026", "Open it from the link below.");
    }

    private static EmailMessage ExecutiveReport()
    {
        var overview = ChartData.Month();
        var charts = Enum.GetValues<OverviewChart>().ToDictionary(c => c, c => new ScottPlotCharts().RenderPng(c, overview, OverviewCharts.DefaultWidth, OverviewCharts.DefaultHeight));
        return ExecutiveReportMessage.Email(overview, AlertCadence.Monthly, charts, new Uri("https://portal.dmarc-monitor.example/reports/executive-reports/monthly-20261101"));
    }
}
