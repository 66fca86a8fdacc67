namespace Dmarc.Core.Notifications;

/// <summary>An entry of an account's notification centre.</summary>
public sealed record Notification(string Id, string AccountId, string Kind, string Title, string Body, Uri? Link, DateTimeOffset CreatedAt);

/// <summary>Port: the notification centre.</summary>
public interface INotificationStore
{
    Task AddAsync(Notification notification, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<Notification>> ListAsync(string accountId, int max, CancellationToken cancellationToken = default);
}

/// <summary>An e-mail to send: plain text and HTML bodies of the same content.</summary>
public sealed record EmailMessage(IReadOnlyList<string> To, string Subject, string Text, string Html);

/// <summary>Port: sends e-mail (and keeps a copy of every message sent).</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
