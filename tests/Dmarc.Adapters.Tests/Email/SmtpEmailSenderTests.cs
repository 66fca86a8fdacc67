using Dmarc.Adapters.Email;
using Dmarc.Core.Notifications;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Tests.Email;

public class SmtpEmailSenderTests
{
    [Fact]
    public async Task A_message_is_kept_in_the_outbox_and_delivered_with_text_and_html()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var to = $"owner-{Guid.NewGuid():N}@contoso.example";
        var options = Options.Create(new EmailOptions { From = "no-reply@dmarc-monitor.example", SmtpHost = "127.0.0.1", SmtpPort = 1025, Security = "None" });
        var sender = new SmtpEmailSender(options, storage.Blobs, storage.Names, new SmtpTransport(options), TimeProvider.System);

        await sender.SendAsync(new EmailMessage([to], "Task finished", "Plain words", "<p>HTML words</p>"));

        var message = Assert.Single(await Eventually.GetAsync(() => MailDev.MessagesToAsync(to), m => m.Count > 0, what: "the message in MailDev"));
        Assert.Equal("Task finished", message.GetProperty("subject").GetString());
        Assert.Contains("Plain words", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("<p>HTML words</p>", message.GetProperty("html").GetString(), StringComparison.Ordinal);

        var outbox = storage.Blobs.GetBlobContainerClient(storage.Names.Container("outbox"));
        var blobs = new List<string>();
        await foreach (var blob in outbox.GetBlobsAsync())
        {
            blobs.Add(blob.Name);
        }

        var stored = (await outbox.GetBlobClient(Assert.Single(blobs)).DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("Subject: Task finished", stored, StringComparison.Ordinal);
        Assert.Contains("multipart/alternative", stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "127.0.0.1", 25, "StartTls", "Email:From must be the sender address")]
    [InlineData("a@b.example", "", 25, "StartTls", "Email:SmtpHost is required")]
    [InlineData("a@b.example", "smtp", 0, "StartTls", "Email:SmtpPort must be a TCP port.")]
    [InlineData("a@b.example", "smtp", 25, "Plain", "Email:Security must be one of")]
    public void Bad_settings_are_named(string from, string host, int port, string security, string message)
    {
        var result = new EmailOptionsValidator().Validate(null, new EmailOptions { From = from, SmtpHost = host, SmtpPort = port, Security = security });

        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }
}
