using Dmarc.Adapters.Email;
using Dmarc.Core.Notifications;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Tests.Email;

public class BlobEmailOutboxTests
{
    [Fact]
    public async Task A_key_is_kept_once_and_sent_once_even_by_senders_at_the_same_time()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var to = $"owner-{Guid.NewGuid():N}@contoso.example";
        var options = Options.Create(new EmailOptions { From = "no-reply@dmarc-monitor.example", SmtpHost = "127.0.0.1", SmtpPort = 1025, Security = "None" });
        var outbox = new BlobEmailOutbox(options, storage.Blobs, storage.Names, new SmtpTransport(options), TimeProvider.System, NullLogger<BlobEmailOutbox>.Instance);
        var key = "task-" + Guid.NewGuid().ToString("N");

        await outbox.AddAsync(key, new EmailMessage([to], "First", "one", "<p>one</p>"));
        await outbox.AddAsync(key, new EmailMessage([to], "Second", "two", "<p>two</p>"));
        var sent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => outbox.DeliverAsync(key)));
        var pendingSent = await outbox.DeliverPendingAsync();

        Assert.Equal(1, sent.Count(s => s) + pendingSent);
        var message = Assert.Single(await Eventually.GetAsync(() => MailDev.MessagesToAsync(to), m => m.Count > 0, what: "the message"));
        Assert.Equal("First", message.GetProperty("subject").GetString());
        Assert.Contains(BlobEmailOutbox.MessageId(key, options.Value.From), await MailDev.SourceAsync(message.GetProperty("id").GetString()!), StringComparison.Ordinal);
        Assert.False(await outbox.DeliverAsync(key));
        Assert.False(await outbox.DeliverAsync("never-kept"));
    }
}
