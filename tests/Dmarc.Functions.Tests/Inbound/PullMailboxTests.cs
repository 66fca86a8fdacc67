using System.Net;
using Azure.Storage.Blobs;
using Dmarc.Core.Ingestion;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Dmarc.Functions.Tests.Inbound;

/// <summary>
/// The PullMailbox timer against the Dovecot the test command starts (127.0.0.1:1143): every corpus
/// e-mail appended to a folder of its own arrives in inbound and is ingested, in batches; a second
/// run stores nothing; a run that fails between storing and marking loses and duplicates nothing.
/// </summary>
public sealed class PullMailboxTests : IAsyncLifetime
{
    private static readonly string User = Environment.GetEnvironmentVariable("Imap__TestUser") ?? "reports@test.example";
    private static readonly string Password = Environment.GetEnvironmentVariable("Imap__TestPassword") ?? "local-imap-password";
    private static readonly string[] Corpus = Directory.GetFiles(RepoPaths.CorpusFile("aggregate"), "*.eml").Order(StringComparer.Ordinal).ToArray();
    private readonly string _folder = $"t{Guid.NewGuid():N}"[..16];

    public async Task InitializeAsync()
    {
        using var imap = await ConnectAsync();
        var root = imap.GetFolder(imap.PersonalNamespaces[0]);
        var folder = await root.CreateAsync(_folder, isMessageFolder: true) ?? throw new InvalidOperationException("Dovecot created no folder.");
        await root.CreateAsync(_folder + "-done", isMessageFolder: true);
        foreach (var file in Corpus)
        {
            await folder.AppendAsync(await MimeMessage.LoadAsync(file));
        }

        await imap.DisconnectAsync(quit: true);
    }

    public async Task DisposeAsync()
    {
        using var imap = await ConnectAsync();
        var root = imap.GetFolder(imap.PersonalNamespaces[0]);
        foreach (var name in new[] { _folder, _folder + "-done" })
        {
            await (await root.GetSubfolderAsync(name)).DeleteAsync();
        }

        await imap.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task Every_corpus_email_arrives_in_inbound_is_ingested_and_marked_seen_and_a_second_run_stores_nothing()
    {
        await using var app = App();
        var client = app.CreateClient();

        var first = await PullAsync(client);

        Assert.Contains($"{Corpus.Length} stored", first, StringComparison.Ordinal);
        var names = await InboundAsync(app);
        Assert.Equal(Corpus.Length, names.Count);
        foreach (var name in names)
        {
            var content = (await Inbound(app).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();
            var ingested = await TriggerPayloads.IngestAsync(client, name, content);
            Assert.Equal(HttpStatusCode.OK, ingested.StatusCode);
            Assert.Contains("reports: 1", await ingested.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await UnseenAsync(_folder));
        Assert.Contains("0 pending, 0 stored", await PullAsync(client), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_that_fails_after_storing_and_before_marking_loses_nothing_and_stores_nothing_twice()
    {
        var failing = new FailingMark();
        await using var app = App(services: s => s.AddSingleton<IMailboxClient>(sp => failing.Wrap(ActivatorUtilities.CreateInstance<Dmarc.Adapters.Ingestion.ImapMailboxClient>(sp))));
        var client = app.CreateClient();

        var crashed = await TriggerPayloads.PostAsync(client, "PullMailbox", TriggerPayloads.Timer(pastDue: false));
        Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        Assert.Equal(Corpus.Length, await UnseenAsync(_folder));
        // The first batch of two was stored, then marking it failed.
        var stored = await InboundAsync(app);
        Assert.Equal(2, stored.Count);

        var retried = await PullAsync(client);

        Assert.Contains($"{Corpus.Length} pending, {Corpus.Length - 2} stored, 2 stored before", retried, StringComparison.Ordinal);
        var after = await InboundAsync(app);
        Assert.Equal(Corpus.Length, after.Count);
        Assert.All(stored, name => Assert.Contains(name, after));
        Assert.Equal(0, await UnseenAsync(_folder));
    }

    [Fact]
    public async Task With_a_processed_folder_messages_are_moved_there_after_they_are_stored()
    {
        await using var app = App(new() { ["ImapMailbox:ProcessedFolder"] = _folder + "-done" });

        Assert.Contains($"{Corpus.Length} stored", await PullAsync(app.CreateClient()), StringComparison.Ordinal);

        Assert.Equal((0, Corpus.Length), (await CountAsync(_folder), await CountAsync(_folder + "-done")));
    }

    private DmarcAppFactory App(Dictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ImapMailbox:Host"] = "127.0.0.1",
            ["ImapMailbox:Port"] = "1143",
            ["ImapMailbox:Security"] = "None",
            ["ImapMailbox:UserName"] = User,
            ["ImapMailbox:Password"] = Password,
            ["ImapMailbox:Folder"] = _folder,
            ["ImapMailbox:BatchSize"] = "2",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return new DmarcAppFactory(settings, services);
    }

    private static async Task<string> PullAsync(HttpClient client)
    {
        var response = await TriggerPayloads.PostAsync(client, "PullMailbox", TriggerPayloads.Timer(pastDue: false));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return body;
    }

    private static BlobContainerClient Inbound(DmarcAppFactory app) => new(Azurite.ConnectionString, app.Names.Container("inbound"));

    private static async Task<List<string>> InboundAsync(DmarcAppFactory app)
    {
        var names = new List<string>();
        await foreach (var blob in Inbound(app).GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private static async Task<ImapClient> ConnectAsync()
    {
        var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", 1143, SecureSocketOptions.None);
        await imap.AuthenticateAsync(User, Password);
        return imap;
    }

    private static async Task<int> UnseenAsync(string name)
    {
        using var imap = await ConnectAsync();
        var folder = await imap.GetFolder(imap.PersonalNamespaces[0]).GetSubfolderAsync(name);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        return (await folder.SearchAsync(SearchQuery.NotSeen)).Count;
    }

    private static async Task<int> CountAsync(string name)
    {
        using var imap = await ConnectAsync();
        var folder = await imap.GetFolder(imap.PersonalNamespaces[0]).GetSubfolderAsync(name);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        return folder.Count;
    }

    /// <summary>The real mailbox, whose first marking fails as if the function died after storing the batch.</summary>
    private sealed class FailingMark
    {
        private int _failed;

        public IMailboxClient Wrap(IMailboxClient inner) => new Client(inner, this);

        private sealed class Client(IMailboxClient inner, FailingMark fail) : IMailboxClient
        {
            public async Task<IMailboxSession> OpenAsync(CancellationToken cancellationToken = default) => new Session(await inner.OpenAsync(cancellationToken), fail);
        }

        private sealed class Session(IMailboxSession inner, FailingMark fail) : IMailboxSession
        {
            public Task<IReadOnlyList<MailboxMessageId>> PendingAsync(CancellationToken cancellationToken = default) => inner.PendingAsync(cancellationToken);

            public Task<IReadOnlyList<MailboxMessage>> FetchAsync(IReadOnlyList<MailboxMessageId> ids, CancellationToken cancellationToken = default) => inner.FetchAsync(ids, cancellationToken);

            public Task MarkDoneAsync(IReadOnlyList<MailboxMessageId> ids, CancellationToken cancellationToken = default) =>
                Interlocked.Exchange(ref fail._failed, 1) == 0 ? throw new IOException("The connection dropped (injected).") : inner.MarkDoneAsync(ids, cancellationToken);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
