using Dmarc.Core.Ingestion;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Ingestion;

/// <summary>The configured IMAP folder through MailKit.</summary>
public sealed class ImapMailboxClient(IOptions<ImapMailboxOptions> options) : IMailboxClient
{
    public async Task<IMailboxSession> OpenAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var imap = new ImapClient { Timeout = 60_000 };
        try
        {
            await imap.ConnectAsync(settings.Host, settings.Port, Enum.Parse<SecureSocketOptions>(settings.Security, ignoreCase: true), cancellationToken);
            await imap.AuthenticateAsync(settings.UserName, settings.Password, cancellationToken);
            var folder = await imap.GetFolderAsync(settings.Folder, cancellationToken);
            await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
            var processed = settings.ProcessedFolder.Length == 0 ? null : await imap.GetFolderAsync(settings.ProcessedFolder, cancellationToken);
            return new Session(imap, folder, processed);
        }
        catch
        {
            imap.Dispose();
            throw;
        }
    }

    private sealed class Session(ImapClient imap, IMailFolder folder, IMailFolder? processed) : IMailboxSession
    {
        public async Task<IReadOnlyList<MailboxMessageId>> PendingAsync(CancellationToken cancellationToken = default)
        {
            var uids = await folder.SearchAsync(processed is null ? SearchQuery.NotSeen : SearchQuery.All, cancellationToken);
            return [.. uids.Select(u => new MailboxMessageId(folder.UidValidity, u.Id))];
        }

        public async Task<IReadOnlyList<MailboxMessage>> FetchAsync(IReadOnlyList<MailboxMessageId> ids, CancellationToken cancellationToken = default)
        {
            var messages = new List<MailboxMessage>(ids.Count);
            foreach (var id in ids)
            {
                // BODY.PEEK: fetching does not set \Seen; only MarkDoneAsync does, after the message is stored.
                using var stream = await folder.GetStreamAsync(new UniqueId(id.UidValidity, id.Uid), string.Empty, cancellationToken);
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken);
                buffer.Position = 0;
                var headers = await MimeKit.HeaderList.LoadAsync(buffer, cancellationToken);
                messages.Add(new MailboxMessage(id, headers[MimeKit.HeaderId.MessageId]?.Trim(), buffer.ToArray()));
            }

            return messages;
        }

        public async Task MarkDoneAsync(IReadOnlyList<MailboxMessageId> ids, CancellationToken cancellationToken = default)
        {
            if (ids.Count == 0)
            {
                return;
            }

            var uids = ids.Select(i => new UniqueId(i.UidValidity, i.Uid)).ToList();
            if (processed is null)
            {
                await folder.StoreAsync(uids, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen) { Silent = true }, cancellationToken);
            }
            else
            {
                await folder.MoveToAsync(uids, processed, cancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (imap.IsConnected)
            {
                await imap.DisconnectAsync(quit: true);
            }

            imap.Dispose();
        }
    }
}
