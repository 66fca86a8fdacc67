using System.Globalization;
using System.Net;
using System.Text;
using Dmarc.Core.Accounts;
using Dmarc.Core.Notifications;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Monitoring;

/// <summary>Tells an account's owners that a task finished: a notification and an e-mail with the counts.</summary>
public sealed class TaskNotifier(IAccountStore accounts, INotificationStore notifications, IEmailSender email, IOptions<MonitoringOptions> options, TimeProvider time)
{
    public const string Caveat = "\"Completed\" means the task ran to the end without an error. It does not mean that every zone was changed: skipped and failed zones were left as they were.";

    public async Task NotifyAsync(MonitoringTask task, TaskCounts counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(counts);
        var link = options.Value.ReportingUiUrl;
        var title = Title(task);
        var lines = Lines(task, counts);
        var body = string.Join("\n", lines.Append(Caveat));
        await notifications.AddAsync(new Notification("ntf_" + Guid.NewGuid().ToString("N")[..20], task.AccountId, "TaskCompleted", title, body, link, time.GetUtcNow()), cancellationToken);

        var account = await accounts.GetAsync(task.AccountId, cancellationToken);
        if (account is null || account.OwnerEmails.Count == 0)
        {
            return;
        }

        var text = new StringBuilder()
            .AppendLine(title).AppendLine()
            .AppendJoin("\n", lines).AppendLine().AppendLine()
            .AppendLine(Caveat).AppendLine()
            .Append(CultureInfo.InvariantCulture, $"See your DMARC reports: {link}").AppendLine()
            .ToString();
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<h1>{Encode(title)}</h1><ul>")
            .AppendJoin("", lines.Select(l => $"<li>{Encode(l)}</li>"))
            .Append(CultureInfo.InvariantCulture, $"</ul><p>{Encode(Caveat)}</p><p><a href=\"{Encode(link?.ToString())}\">See your DMARC reports</a></p>")
            .ToString();
        await email.SendAsync(new EmailMessage(account.OwnerEmails, title, text, html), cancellationToken);
    }

    private static string Title(MonitoringTask task) =>
        $"DMARC monitoring {(task.Kind == TaskKind.Enable ? "enablement" : "disablement")}{(task.DryRun ? " (dry run)" : "")} completed";

    private static List<string> Lines(MonitoringTask task, TaskCounts counts)
    {
        var lines = new List<string> { $"Task {task.Id}: {counts.Processed} of {task.Total} zones processed." };
        lines.AddRange(counts.ByOutcome.Where(c => c.Value > 0).Select(c => $"{c.Key}: {c.Value}"));
        lines.AddRange(counts.BySkipReason.OrderBy(c => c.Key).Select(c => $"Skipped because {c.Key}: {c.Value}"));
        return lines;
    }

    private static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");
}
