namespace Dmarc.Core.Notifications;

/// <summary>An entry of an account's notification centre.</summary>
public sealed record Notification(string Id, string AccountId, string Kind, string Title, string Body, Uri? Link, DateTimeOffset CreatedAt);

/// <summary>Port: the notification centre.</summary>
public interface INotificationStore
{
    /// <summary>Adds the entry; an entry with the same id and time replaces the first (a retry adds nothing).</summary>
    Task AddAsync(Notification notification, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<Notification>> ListAsync(string accountId, int max, CancellationToken cancellationToken = default);
}

/// <summary>An e-mail to send: plain text and HTML bodies of the same content.</summary>
public sealed record EmailMessage(IReadOnlyList<string> To, string Subject, string Text, string Html)
{
    /// <summary>Images the HTML shows inline (<c>&lt;img src="cid:..."&gt;</c>), sent as related parts of the HTML.</summary>
    public IReadOnlyList<InlineImage> Images { get; init; } = [];
}

/// <summary>An inline image of an e-mail: the HTML refers to it as <c>cid:</c><paramref name="ContentId"/>.</summary>
public sealed record InlineImage(string ContentId, string FileName, byte[] Png);

/// <summary>Port: sends e-mail (and keeps a copy of every message sent).</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>
/// Port: e-mail that must go out exactly once. A message is kept under its idempotency key (pending)
/// before anything is sent, sent with a Message-Id derived from the key, then marked sent.
/// </summary>
public interface IEmailOutbox
{
    /// <summary>Keeps the message as pending under the key, unless the key already has a message.</summary>
    Task AddAsync(string key, EmailMessage message, CancellationToken cancellationToken = default);

    /// <summary>Sends the key's message if it is still pending; false when it was sent already, is being sent, or the server did not take it.</summary>
    Task<bool> DeliverAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Sends every pending message; returns how many went out.</summary>
    Task<int> DeliverPendingAsync(CancellationToken cancellationToken = default);
}
