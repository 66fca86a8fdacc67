using Azure.Storage.Blobs;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Notifications;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dmarc.Adapters.Email;

/// <summary>
/// Composes messages with MimeKit (text and HTML), keeps each in the <c>outbox</c> container
/// first, then sends it over SMTP with MailKit.
/// </summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options, BlobServiceClient blobs, StorageNames names, ISmtpTransport smtp, TimeProvider time) : IEmailSender
{
    private readonly BlobContainerClient _outbox = blobs.GetBlobContainerClient(names.Container(StorageNames.Outbox));

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var mime = Compose(message, options.Value, time.GetUtcNow());
        using var buffer = new MemoryStream();
        await mime.WriteToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        await _outbox.UploadBlobAsync(OutboxName(mime), buffer, cancellationToken);

        await smtp.SendAsync(mime, cancellationToken);
    }

    public static MimeMessage Compose(EmailMessage message, EmailOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        var mime = new MimeMessage { Subject = message.Subject, Date = now };
        mime.From.Add(new MailboxAddress(options.FromName, options.From));
        mime.To.AddRange(message.To.Select(MailboxAddress.Parse));
        mime.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(Dmarc.Core.Validation.EmailAddress.HostOf(options.From) ?? "localhost");
        var body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html };
        foreach (var image in message.Images)
        {
            // multipart/related beside the HTML: mail clients show a part whose Content-Id the HTML names (cid:) in place.
            var part = body.LinkedResources.Add(image.FileName, image.Png, new ContentType("image", "png"));
            part.ContentId = image.ContentId;
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }

    private static string OutboxName(MimeMessage mime) =>
        $"{mime.Date.UtcDateTime:yyyy/MM/dd}/{mime.MessageId?.Trim('<', '>') ?? Guid.NewGuid().ToString("N")}.eml";
}
