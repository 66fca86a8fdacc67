using Dmarc.Core.Accounts;
using Dmarc.Core.Notifications;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Monitoring;

/// <summary>
/// Tells an account's owners that a task finished: a notification and an e-mail (<see cref="TaskMessage"/>).
/// Both are keyed by the task, so preparing them again (a retry) adds nothing, and the e-mail is
/// kept in the outbox before it is sent, so a failed send is retried and never sent twice.
/// </summary>
public sealed class TaskNotifier(IAccountStore accounts, INotificationStore notifications, IEmailOutbox outbox, IOptions<MonitoringOptions> options)
{
    public const string Caveat = TaskMessage.Caveat;

    /// <summary>The outbox key of a task's e-mail.</summary>
    public static string EmailKey(string taskId) => "task-" + taskId;

    /// <summary>Stores the notification and keeps the e-mail in the outbox; <paramref name="task"/> carries its fixed completion time.</summary>
    public async Task PrepareAsync(MonitoringTask task, IReadOnlyList<ZoneResult> results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var at = task.CompletedAt ?? throw new ArgumentException("The task has no completion time.", nameof(task));
        var o = options.Value;
        var taskLink = o.ApiUrl is null ? null : new Uri(o.ApiUrl.ToString().TrimEnd('/') + "/api/tasks/" + task.Id);
        var layout = TaskMessage.Compose(task, results, o.ReportingAddress, o.ReportingUiUrl, taskLink);
        var subject = TaskMessage.Subject(task);
        await notifications.AddAsync(new Notification("ntf_" + task.Id, task.AccountId, "TaskCompleted", subject, layout.Text(), o.ReportingUiUrl, at), cancellationToken);

        var account = await accounts.GetAsync(task.AccountId, cancellationToken);
        if (account is null || account.OwnerEmails.Count == 0)
        {
            return;
        }

        await outbox.AddAsync(EmailKey(task.Id), layout.Message(account.OwnerEmails, subject), cancellationToken);
    }

    /// <summary>Sends the task's e-mail if it is still pending; false when it is not (sent, or the server refused: the outbox timer tries again).</summary>
    public Task<bool> DeliverAsync(MonitoringTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return outbox.DeliverAsync(EmailKey(task.Id), cancellationToken);
    }
}
