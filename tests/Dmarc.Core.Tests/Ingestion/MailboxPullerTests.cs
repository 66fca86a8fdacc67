using System.Text;
using Dmarc.Core.Ingestion;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Tests.Ingestion;

/// <summary>The puller with a fake mailbox of 10,000 messages: bounded batches, each stored before it is marked; only an oversized message is left unread.</summary>
public sealed class MailboxPullerTests
{
    [Fact]
    public async Task Ten_thousand_messages_are_pulled_in_batches_each_stored_before_it_is_marked()
    {
        var mailbox = new FakeMailbox(10_000);
        var stored = new Dictionary<string, int>();
        var puller = Puller(mailbox, stored, batchSize: 250, maxPerRun: 10_000);

        var result = await puller.PullAsync();

        Assert.Equal(new MailboxPullResult(10_000, 10_000, 0, 0), result);
        Assert.Equal(40, mailbox.Fetches.Count);
        Assert.All(mailbox.Fetches, batch => Assert.True(batch <= 250));
        Assert.Equal(10_000, stored.Count);
        Assert.All(mailbox.MarkedAfterStored, Assert.True);
        Assert.Empty(await mailbox.PendingAsync());
    }

    [Fact]
    public async Task A_run_takes_at_most_its_share_and_the_next_goes_on_and_an_oversized_message_stays_unread()
    {
        var mailbox = new FakeMailbox(5, oversized: 2);
        var stored = new Dictionary<string, int>();
        var puller = Puller(mailbox, stored, batchSize: 2, maxPerRun: 3);

        var first = await puller.PullAsync();
        var second = await puller.PullAsync();

        Assert.Equal(new MailboxPullResult(3, 2, 0, 1), first);
        Assert.Equal(new MailboxPullResult(3, 2, 0, 1), second);
        Assert.Equal([2u], (await mailbox.PendingAsync()).Select(i => i.Uid));
        Assert.Equal(4, stored.Count);
    }

    private static MailboxPuller Puller(FakeMailbox mailbox, Dictionary<string, int> stored, int batchSize, int maxPerRun) =>
        new(
            mailbox,
            new FakeLedger(),
            new FakeInbound(stored, mailbox),
            Options.Create(new ImapMailboxOptions { Host = "imap.example", BatchSize = batchSize, MaxPerRun = maxPerRun }),
            Options.Create(new InboundMailOptions { MaxBytes = 1000 }),
            NullLogger<MailboxPuller>.Instance);

    private sealed class FakeMailbox(int count, int? oversized = null) : IMailboxClient, IMailboxSession
    {
        private readonly HashSet<uint> _done = [];
        private readonly HashSet<uint> _stored = [];

        public List<int> Fetches { get; } = [];

        public List<bool> MarkedAfterStored { get; } = [];

        public void Stored(uint uid) => _stored.Add(uid);

        public Task<IMailboxSession> OpenAsync(CancellationToken cancellationToken = default) => Task.FromResult<IMailboxSession>(this);

        public Task<IReadOnlyList<MailboxMessageId>> PendingAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<MailboxMessageId>>([.. Enumerable.Range(1, count).Select(i => (uint)i).Where(u => !_done.Contains(u)).Select(u => new MailboxMessageId(7, u))]);

        public Task<IReadOnlyList<MailboxMessage>> FetchAsync(IReadOnlyList<MailboxMessageId> ids, CancellationToken cancellationToken = default)
        {
            Fetches.Add(ids.Count);
            return Task.FromResult<IReadOnlyList<MailboxMessage>>([.. ids.Select(id => new MailboxMessage(id, $"<{id.Uid}@x.example>", Encoding.ASCII.GetBytes(
                $"From: r@x.example\r\nMessage-ID: <{id.Uid}@x.example>\r\nSubject: report {id.Uid}\r\n\r\n{(id.Uid == oversized ? new string('x', 2000) : "body")}\r\n")))]);
        }

        public Task MarkDoneAsync(IReadOnlyList<MailboxMessageId> ids, CancellationToken cancellationToken = default)
        {
            foreach (var id in ids)
            {
                MarkedAfterStored.Add(_stored.Contains(id.Uid));
                _done.Add(id.Uid);
            }

            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class FakeLedger : IPulledMessages
    {
        private readonly Dictionary<string, string> _byKey = [];

        public Task<string?> FindAsync(MailboxMessageId id, string? messageId, CancellationToken cancellationToken = default) =>
            Task.FromResult(_byKey.GetValueOrDefault(id.Key) ?? (messageId is null ? null : _byKey.GetValueOrDefault(messageId)));

        public Task RecordAsync(MailboxMessageId id, string? messageId, string blobName, CancellationToken cancellationToken = default)
        {
            _byKey[id.Key] = blobName;
            if (messageId is not null)
            {
                _byKey[messageId] = blobName;
            }

            return Task.CompletedTask;
        }
    }

    private sealed class FakeInbound(Dictionary<string, int> stored, FakeMailbox mailbox) : IInboundMailbox
    {
        public Task<string> StoreAsync(ReadOnlyMemory<byte> message, string source, CancellationToken cancellationToken = default)
        {
            var text = Encoding.ASCII.GetString(message.Span);
            var uid = uint.Parse(System.Text.RegularExpressions.Regex.Match(text, @"Message-ID: <(\d+)@").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            mailbox.Stored(uid);
            stored[text] = stored.GetValueOrDefault(text) + 1;
            return Task.FromResult($"mail/{uid}.eml");
        }
    }
}
