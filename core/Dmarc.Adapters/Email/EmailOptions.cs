using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Email;

/// <summary>Outbound e-mail over SMTP (section <c>Email</c>).</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "";

    public string FromName { get; set; } = "DMARC Monitoring";

    public string SmtpHost { get; set; } = "";

    public int SmtpPort { get; set; } = 587;

    /// <summary>Auto (STARTTLS when offered), StartTls, SslOnConnect or None (local capture servers only).</summary>
    public string Security { get; set; } = "StartTls";

    public string? Username { get; set; }

    public string? Password { get; set; }
}

public sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    private static readonly string[] SecurityModes = ["Auto", "StartTls", "SslOnConnect", "None"];

    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Dmarc.Core.Validation.EmailAddress.IsValid(options.From))
        {
            failures.Add($"Email:From must be the sender address, got '{options.From}'.");
        }

        if (string.IsNullOrWhiteSpace(options.SmtpHost))
        {
            failures.Add("Email:SmtpHost is required (the SMTP server that relays outbound mail).");
        }

        if (options.SmtpPort is < 1 or > 65535)
        {
            failures.Add("Email:SmtpPort must be a TCP port.");
        }

        if (!SecurityModes.Contains(options.Security, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"Email:Security must be one of {string.Join(", ", SecurityModes)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
