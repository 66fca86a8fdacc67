namespace Dmarc.Core.Ingestion;

/// <summary>The IMAP mailbox reports are pulled from (section <c>ImapMailbox</c>); no host turns the puller off.</summary>
public sealed class ImapMailboxOptions
{
    public const string Section = "ImapMailbox";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 993;

    /// <summary>MailKit's SecureSocketOptions: SslOnConnect (the default), StartTls, StartTlsWhenAvailable, Auto or None (local tests only).</summary>
    public string Security { get; set; } = "SslOnConnect";

    public string UserName { get; set; } = "";

    /// <summary>The password; in Azure an app setting holding a Key Vault reference.</summary>
    public string Password { get; set; } = "";

    public string Folder { get; set; } = "INBOX";

    /// <summary>Where stored messages are moved; empty: they are marked \Seen and stay.</summary>
    public string ProcessedFolder { get; set; } = "";

    /// <summary>Messages fetched, stored and marked per round trip.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>At most this many messages per run; the next run goes on.</summary>
    public int MaxPerRun { get; set; } = 10_000;

    public bool Enabled => Host.Length > 0;
}

/// <summary>One message of the mailbox, by its folder's UIDVALIDITY and its UID.</summary>
public sealed record MailboxMessageId(uint UidValidity, uint Uid)
{
    public string Key => $"{UidValidity}-{Uid}";
}

/// <summary>A fetched message: its id, its Message-ID header (if any) and its raw bytes.</summary>
public sealed record MailboxMessage(MailboxMessageId Id, string? MessageId, ReadOnlyMemory<byte> Raw);

/// <summary>Port: an open mailbox folder.</summary>
public interface IMailboxSession : IAsyncDisposable
{
    /// <summary>The messages still to pull: not \Seen (or, when they are moved, every message of the folder).</summary>
    Task<IReadOnlyList<MailboxMessageId>> PendingAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<MailboxMessage>> FetchAsync(IReadOnlyList<MailboxMessageId> ids, CancellationToken cancellationToken = default);

    /// <summary>Marks the messages \Seen, or moves them to the processed folder.</summary>
    Task MarkDoneAsync(IReadOnlyList<MailboxMessageId> ids, CancellationToken cancellationToken = default);
}

/// <summary>Port: opens the configured mailbox folder.</summary>
public interface IMailboxClient
{
    Task<IMailboxSession> OpenAsync(CancellationToken cancellationToken = default);
}

/// <summary>Port: which messages were stored already, by mailbox id and by Message-ID.</summary>
public interface IPulledMessages
{
    /// <summary>The blob a message was stored as, by its mailbox id or, failing that, its Message-ID.</summary>
    Task<string?> FindAsync(MailboxMessageId id, string? messageId, CancellationToken cancellationToken = default);

    Task RecordAsync(MailboxMessageId id, string? messageId, string blobName, CancellationToken cancellationToken = default);
}

/// <summary>What one run of the puller did.</summary>
public sealed record MailboxPullResult(int Pending, int Stored, int AlreadyStored, int Refused);
