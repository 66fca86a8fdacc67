using System.Net.Mail;
using Dmarc.Core.Dns;

namespace Dmarc.Core.Validation;

/// <summary>A plain address split into its parts; the host is a normalised domain name.</summary>
public sealed record ParsedEmailAddress(string LocalPart, string Host)
{
    public string Address => LocalPart + "@" + Host;
}

/// <summary>
/// A strict check for a plain e-mail address (local@domain.tld, no display name): the local part
/// is a dot-atom (letters, digits and !#$%&amp;'*+/=?^_`{|}~- with single inner dots), with no
/// quoting, comments or IP-literal hosts. Anything that needs the domain takes <see cref="ParsedEmailAddress.Host"/>,
/// never a split on '@'.
/// </summary>
public static class EmailAddress
{
    public const int MaxLength = 254;
    public const int MaxLocalPartLength = 64;
    private const string AtomSpecials = "!#$%&'*+/=?^_`{|}~-";

    public static bool IsValid(string? value) => TryParse(value, out _);

    /// <summary>The domain of a valid address, or null.</summary>
    public static string? HostOf(string? value) => TryParse(value, out var parsed) ? parsed!.Host : null;

    public static bool TryParse(string? value, out ParsedEmailAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength || value.Trim() != value)
        {
            return false;
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != value.LastIndexOf('@') || !IsDotAtom(value[..at]))
        {
            return false;
        }

        var host = value[(at + 1)..];
        if (!host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-')
            || DnsNames.Normalize(host) is not { } normalized
            || !normalized.Contains('.', StringComparison.Ordinal)
            || !host.Equals(normalized, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // The BCL parser must agree on both parts, so that no other reader of the address sees another domain.
        if (!MailAddress.TryCreate(value, out var parsed)
            || !string.IsNullOrEmpty(parsed.DisplayName)
            || parsed.User != value[..at]
            || !parsed.Host.Equals(host, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        address = new ParsedEmailAddress(value[..at], normalized);
        return true;
    }

    private static bool IsDotAtom(string local) =>
        local.Length is > 0 and <= MaxLocalPartLength
        && local[0] != '.'
        && local[^1] != '.'
        && !local.Contains("..", StringComparison.Ordinal)
        && local.All(c => c == '.' || char.IsAsciiLetterOrDigit(c) || AtomSpecials.Contains(c, StringComparison.Ordinal));
}
