using Dmarc.Core.Accounts;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Notifications;
using Microsoft.Extensions.Options;
using Moq;

namespace Dmarc.Core.Tests.Monitoring;

public class TaskNotifierTests
{
    [Fact]
    public async Task Owners_get_the_counts_the_caveat_and_the_link()
    {
        var accounts = new Mock<IAccountStore>();
        accounts.Setup(a => a.GetAsync("acc_1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Account("acc_1", "Contoso", ["sec@contoso.com", "it@contoso.com"], Edition.Monitor, DateTimeOffset.UnixEpoch));
        var notifications = new Mock<INotificationStore>();
        var outbox = new Mock<IEmailOutbox>();
        EmailMessage? sent = null;
        outbox.Setup(e => e.AddAsync(TaskNotifier.EmailKey("task_1"), It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>())).Callback<string, EmailMessage, CancellationToken>((_, m, _) => sent = m);
        var options = Options.Create(new MonitoringOptions { ReportingUiUrl = new Uri("https://portal.example/reports") });
        var notifier = new TaskNotifier(accounts.Object, notifications.Object, outbox.Object, options);
        var task = new MonitoringTask("task_1", "acc_1", TaskKind.Enable, false, MonitoringTaskStatus.Completed, 3, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        ZoneResult[] results =
        [
            new ZoneResult("task_1", "a.example", new ZoneChange(Outcome.Created, null, null, null, "v=DMARC1"), default),
            new ZoneResult("task_1", "b.example", ZoneChange.Skip(SkipReason.InPool, "pool"), default),
            new ZoneResult("task_1", "c.example", ZoneChange.Skip(SkipReason.InPool, "pool"), default),
        ];

        await notifier.PrepareAsync(task, results);

        Assert.NotNull(sent);
        Assert.Equal(["sec@contoso.com", "it@contoso.com"], sent.To);
        Assert.Equal("DMARC monitoring enablement completed", sent.Subject);
        Assert.Contains("DMARC record created: 1", sent.Text, StringComparison.Ordinal);
        Assert.Contains("Left unchanged: 2", sent.Text, StringComparison.Ordinal);
        Assert.Contains("2 zones serve DMARC from a traffic pool\n", sent.Text, StringComparison.Ordinal);
        Assert.Contains("  - b.example\n  - c.example\n", sent.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("InPool", sent.Text, StringComparison.Ordinal);
        Assert.Contains(TaskNotifier.Caveat, sent.Text, StringComparison.Ordinal);
        Assert.Contains("https://portal.example/reports", sent.Html, StringComparison.Ordinal);
        notifications.Verify(n => n.AddAsync(It.Is<Notification>(x => x.Id == "ntf_task_1" && x.AccountId == "acc_1" && x.CreatedAt == DateTimeOffset.UnixEpoch && x.Body.Contains(TaskNotifier.Caveat)), It.IsAny<CancellationToken>()), Times.Once);
    }
}
