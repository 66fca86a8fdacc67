using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Ingestion;

/// <summary>
/// Pulls report e-mail from the mailbox into <c>inbound</c>, in batches. Each message is stored
/// first and only then marked done, so a crash in between loses nothing; the next run finds the
/// message still pending, sees it was stored (by UIDVALIDITY + UID, or by Message-ID), and only
/// marks it. The blob name comes from the content, so even a lost record stores no second blob.
/// Whatever the mailbox holds is stored (ingestion quarantines what is not a report, with the
/// reason); only a message over the size limit is left unread, with the reason in the log.
/// </summary>
public sealed partial class MailboxPuller(
    IMailboxClient client,
    IPulledMessages pulled,
    IInboundMailbox inbound,
    IOptions<ImapMailboxOptions> options,
    IOptions<InboundMailOptions> limits,
    ILogger<MailboxPuller> logger)
{
    public async Task<MailboxPullResult> PullAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        await using var session = await client.OpenAsync(cancellationToken);
        var pending = (await session.PendingAsync(cancellationToken)).Take(settings.MaxPerRun).ToArray();
        int stored = 0, already = 0, refused = 0;
        foreach (var batch in pending.Chunk(settings.BatchSize))
        {
            var done = new List<MailboxMessageId>(batch.Length);
            foreach (var message in await session.FetchAsync(batch, cancellationToken))
            {
                if (await pulled.FindAsync(message.Id, message.MessageId, cancellationToken) is { } name)
                {
                    await pulled.RecordAsync(message.Id, message.MessageId, name, cancellationToken);
                    already++;
                }
                else if (message.Raw.Length > limits.Value.MaxBytes)
                {
                    LogRefused(message.Id.Key, $"over {limits.Value.MaxBytes} bytes (InboundMail:MaxBytes)");
                    refused++;
                    continue;
                }
                else
                {
                    name = await inbound.StoreAsync(message.Raw, "imap", cancellationToken);
                    await pulled.RecordAsync(message.Id, message.MessageId, name, cancellationToken);
                    stored++;
                }

                done.Add(message.Id);
            }

            await session.MarkDoneAsync(done, cancellationToken);
            LogProgress(stored + already + refused, pending.Length, stored, already);
        }

        return new MailboxPullResult(pending.Length, stored, already, refused);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mailbox: {Handled} of {Pending} messages handled ({Stored} stored, {Already} stored before)")]
    private partial void LogProgress(int handled, int pending, int stored, int already);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mailbox: message {Key} left unread: {Reason}")]
    private partial void LogRefused(string key, string reason);
}
