using System.Globalization;

namespace Dmarc.Core.Dns;

/// <summary>Domain name rules: normalising, checking and relating names.</summary>
public static class DnsNames
{
    /// <summary>The longest name DNS holds, in its dotted text form without the trailing dot (RFC 1035 §2.3.4).</summary>
    public const int MaxNameLength = 253;

    private static readonly IdnMapping Idn = new();

    /// <summary>Lower case, no trailing dot, IDNs in their ASCII form; null when it is not a valid host name.</summary>
    public static string? Normalize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var trimmed = name.Trim().TrimEnd('.');
        string ascii;
        try
        {
            ascii = Idn.GetAscii(trimmed).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        var labels = ascii.Split('.');
        return ascii.Length <= MaxNameLength && labels.All(IsLabel) ? ascii : null;
    }

    /// <summary>True for a valid domain with at least two labels (a zone can be a TLD-less name only in tests).</summary>
    public static bool IsDomain(string? name) => Normalize(name) is { } n && n.Contains('.', StringComparison.Ordinal);

    public static string DmarcName(string domain) => "_dmarc." + domain;

    /// <summary>The external reporting authorisation name of RFC 7489 §7.1: domain._report._dmarc.reporting-domain.</summary>
    public static string AuthorizationName(string domain, string reportingDomain) => $"{domain}._report._dmarc.{reportingDomain}";

    /// <summary>True when name is the zone itself or below it.</summary>
    public static bool IsAtOrBelow(string name, string zone)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(zone);
        return name == zone || name.EndsWith("." + zone, StringComparison.Ordinal);
    }

    private static bool IsLabel(string label) =>
        label.Length is > 0 and <= 63
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
        && label[0] != '-' && label[^1] != '-';
}
