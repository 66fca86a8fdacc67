using System.Net.Mail;

namespace Dmarc.Core.Validation;

/// <summary>A pragmatic check for a plain e-mail address (local@domain.tld, no display name).</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength || value.Trim() != value)
        {
            return false;
        }

        if (!MailAddress.TryCreate(value, out var parsed) || parsed.Address != value || !string.IsNullOrEmpty(parsed.DisplayName))
        {
            return false;
        }

        var domain = parsed.Host;
        return domain.Contains('.', StringComparison.Ordinal)
            && !domain.StartsWith('.')
            && !domain.EndsWith('.')
            && domain.Split('.').All(label => label.Length is > 0 and <= 63);
    }
}
