using System.Globalization;
using System.Net;
using System.Text;
using Dmarc.Core.Accounts;
using Dmarc.Core.Notifications;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Monitoring;

/// <summary>
/// Tells an account's owners that a task finished: a notification and an e-mail with the counts.
/// Both are keyed by the task, so preparing them again (a retry) adds nothing, and the e-mail is
/// kept in the outbox before it is sent, so a failed send is retried and never sent twice.
/// </summary>
public sealed class TaskNotifier(IAccountStore accounts, INotificationStore notifications, IEmailOutbox outbox, IOptions<MonitoringOptions> options)
{
    public const string Caveat = "\"Completed\" means the task ran to the end without an error. It does not mean that every zone was changed: skipped and failed zones were left as they were.";

    /// <summary>The outbox key of a task's e-mail.</summary>
    public static string EmailKey(string taskId) => "task-" + taskId;

    /// <summary>Stores the notification and keeps the e-mail in the outbox; <paramref name="task"/> carries its fixed completion time.</summary>
    public async Task PrepareAsync(MonitoringTask task, TaskCounts counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(counts);
        var at = task.CompletedAt ?? throw new ArgumentException("The task has no completion time.", nameof(task));
        var link = options.Value.ReportingUiUrl;
        var title = Title(task);
        var lines = Lines(task, counts);
        var body = string.Join("\n", lines.Append(Caveat));
        await notifications.AddAsync(new Notification("ntf_" + task.Id, task.AccountId, "TaskCompleted", title, body, link, at), cancellationToken);

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
        await outbox.AddAsync(EmailKey(task.Id), new EmailMessage(account.OwnerEmails, title, text, html), cancellationToken);
    }

    /// <summary>Sends the task's e-mail if it is still pending; false when it is not (sent, or the server refused: the outbox timer tries again).</summary>
    public Task<bool> DeliverAsync(MonitoringTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return outbox.DeliverAsync(EmailKey(task.Id), cancellationToken);
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
