using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dmarc.Adapters.Email;

/// <summary>Hands one composed message to the SMTP server (a seam, so tests can make the server fail).</summary>
public interface ISmtpTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default);
}

/// <summary>MailKit over the configured server: connect, authenticate when a user is set, send, quit.</summary>
public sealed class SmtpTransport(IOptions<EmailOptions> options) : ISmtpTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(settings.SmtpHost, settings.SmtpPort, Enum.Parse<SecureSocketOptions>(settings.Security, ignoreCase: true), cancellationToken);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await smtp.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken);
        }

        await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(quit: true, cancellationToken);
    }
}
