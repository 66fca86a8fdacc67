using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Notifications;
using MailKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dmarc.Adapters.Email;

/// <summary>
/// The e-mail outbox in the <c>outbox</c> container: one blob per idempotency key
/// (<c>keyed/&lt;hash&gt;.eml</c>), written once with status <c>pending</c> before anything is sent.
/// A sender takes the blob's lease (so two senders never send the same message), sends it with a
/// Message-Id fixed by the key, then marks it <c>sent</c>. Only a crash between the server's
/// acceptance and the mark can send a message again, with the same Message-Id.
/// </summary>
public sealed partial class BlobEmailOutbox(
    IOptions<EmailOptions> options,
    BlobServiceClient blobs,
    StorageNames names,
    ISmtpTransport smtp,
    TimeProvider time,
    ILogger<BlobEmailOutbox> logger) : IEmailOutbox
{
    public const string Prefix = "keyed/";
    public const string StatusKey = "status";
    public const string Pending = "pending";
    public const string Sent = "sent";
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(60);
    private readonly BlobContainerClient _outbox = blobs.GetBlobContainerClient(names.Container(StorageNames.Outbox));

    public async Task AddAsync(string key, EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(message);
        var mime = SmtpEmailSender.Compose(message, options.Value, time.GetUtcNow());
        mime.MessageId = MessageId(key, options.Value.From);
        using var buffer = new MemoryStream();
        await mime.WriteToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        try
        {
            await _outbox.GetBlobClient(BlobName(key)).UploadAsync(buffer, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = new Dictionary<string, string> { [StatusKey] = Pending, ["key"] = Uri.EscapeDataString(key) },
                HttpHeaders = new BlobHttpHeaders { ContentType = "message/rfc822" },
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Kept already by an earlier attempt: that message (and its status) stands.
        }
    }

    public Task<bool> DeliverAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return DeliverBlobAsync(_outbox.GetBlobClient(BlobName(key)), cancellationToken);
    }

    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken = default)
    {
        var pending = new List<string>();
        await foreach (var blob in _outbox.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix, Traits = BlobTraits.Metadata }, cancellationToken))
        {
            if (blob.Metadata.TryGetValue(StatusKey, out var status) && status == Pending)
            {
                pending.Add(blob.Name);
            }
        }

        var sent = 0;
        foreach (var name in pending)
        {
            sent += await DeliverBlobAsync(_outbox.GetBlobClient(name), cancellationToken) ? 1 : 0;
        }

        return sent;
    }

    /// <summary>The Message-Id of a key's message: the same on every attempt, so receivers can tell a re-send.</summary>
    public static string MessageId(string key, string from) =>
        $"{Hash(key)}@{Core.Validation.EmailAddress.HostOf(from) ?? "localhost"}";

    public static string BlobName(string key) => Prefix + Hash(key) + ".eml";

    private async Task<bool> DeliverBlobAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(LeaseTime, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409)
        {
            // No such message, or another sender holds it.
            return false;
        }

        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            if (!properties.Metadata.TryGetValue(StatusKey, out var status) || status != Pending)
            {
                return false;
            }

            var content = (await blob.DownloadContentAsync(cancellationToken)).Value.Content;
            var mime = await MimeMessage.LoadAsync(content.ToStream(), cancellationToken);
            try
            {
                await smtp.SendAsync(mime, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ProtocolException or CommandException or ServiceNotConnectedException or AuthenticationException)
            {
                LogNotSent(ex, blob.Name);
                Core.Telemetry.DmarcTelemetry.EmailsRetried.Add(1);
                return false;
            }

            var metadata = new Dictionary<string, string>(properties.Metadata) { [StatusKey] = Sent, ["sentAt"] = time.GetUtcNow().ToString("O") };
            Core.Telemetry.DmarcTelemetry.EmailsSent.Add(1);
            await blob.SetMetadataAsync(metadata, new BlobRequestConditions { LeaseId = lease.LeaseId }, cancellationToken);
            return true;
        }
        finally
        {
            await lease.ReleaseAsync(cancellationToken: CancellationToken.None);
        }
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Blob} was not sent; it stays pending for the SendOutbox timer")]
    private partial void LogNotSent(Exception exception, string blob);
}
