using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dmarc.Core.Dns;

/// <summary>
/// Checks one record value for its type and gives its canonical zone-file form: addresses in
/// their standard text, host names absolute (lower case, trailing dot), CAA values quoted.
/// Host names in values are absolute whether or not they end with a dot.
/// </summary>
public static class RecordValues
{
    public const int MaxTxtLength = 2048;
    public const int MaxCaaValueLength = 255;

    private static readonly string[] CaaTags = ["issue", "issuewild", "iodef"];

    /// <summary>The canonical value, or null with the reason in <paramref name="error"/>.</summary>
    public static string? Canonical(string type, string value, out string error)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        error = "";
        var canonical = type.ToUpperInvariant() switch
        {
            "A" => IPv4(value),
            "AAAA" => IPv6(value),
            "CNAME" or "NS" or "PTR" => Host(value),
            "MX" => Mx(value),
            "SRV" => Srv(value),
            "CAA" => Caa(value),
            "TXT" => Txt(value),
            _ => null,
        };
        if (canonical is null)
        {
            error = Expected(type, value);
        }

        return canonical;
    }

    private static string Expected(string type, string value) => type.ToUpperInvariant() switch
    {
        "A" => $"'{value}' is not an IPv4 address (four numbers 0-255 separated by dots, e.g. 192.0.2.1).",
        "AAAA" => $"'{value}' is not an IPv6 address (e.g. 2001:db8::1).",
        "CNAME" or "NS" or "PTR" => $"'{value}' is not a host name.",
        "MX" => $"'{value}' is not 'preference host' (e.g. '10 mail.example.com.', or '0 .' for no mail).",
        "SRV" => $"'{value}' is not 'priority weight port target' (e.g. '10 5 5060 sip.example.com.').",
        "CAA" => $"'{value}' is not 'flags tag \"value\"' with flags 0-255 and tag issue, issuewild or iodef (e.g. '0 issue \"letsencrypt.org\"').",
        "TXT" => $"A TXT value must be printable ASCII text of at most {MaxTxtLength} characters.",
        _ => $"'{type}' values cannot be checked.",
    };

    private static string? IPv4(string value)
    {
        var parts = value.Split('.');
        if (parts.Length != 4 || !parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0')))
        {
            return null;
        }

        var octets = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return octets.All(o => o <= 255) ? string.Join('.', octets) : null;
    }

    private static string? IPv6(string value) =>
        value.Contains(':', StringComparison.Ordinal) && !value.Contains('%', StringComparison.Ordinal)
        && IPAddress.TryParse(value, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? address.ToString()
            : null;

    private static string? Host(string value) => DnsNames.Normalize(value) is { } name ? name + "." : null;

    private static string? HostOrRoot(string value) => value == "." ? "." : Host(value);

    private static string? Mx(string value)
    {
        var parts = Fields(value);
        return parts.Length == 2 && Number(parts[0], ushort.MaxValue) is { } preference && HostOrRoot(parts[1]) is { } host
            && (host != "." || preference == 0)
                ? $"{preference} {host}"
                : null;
    }

    private static string? Srv(string value)
    {
        var parts = Fields(value);
        return parts.Length == 4
            && Number(parts[0], ushort.MaxValue) is { } priority
            && Number(parts[1], ushort.MaxValue) is { } weight
            && Number(parts[2], ushort.MaxValue) is { } port
            && HostOrRoot(parts[3]) is { } target
                ? $"{priority} {weight} {port} {target}"
                : null;
    }

    private static string? Caa(string value)
    {
        var parts = value.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || Number(parts[0], 255) is not { } flags || !CaaTags.Contains(parts[1].ToLowerInvariant()))
        {
            return null;
        }

        var text = parts[2].Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = text[1..^1];
        }

        var tag = parts[1].ToLowerInvariant();
        var valid = text.Length is > 0 and <= MaxCaaValueLength
            && text.All(c => c is >= ' ' and <= '~' and not '"' and not '\\')
            && (tag != "iodef" || text.StartsWith("mailto:", StringComparison.Ordinal) || text.StartsWith("https://", StringComparison.Ordinal) || text.StartsWith("http://", StringComparison.Ordinal));
        return valid ? $"{flags} {tag} \"{text}\"" : null;
    }

    private static string? Txt(string value) =>
        value.Length is > 0 and <= MaxTxtLength && value.All(c => c is >= ' ' and <= '~') ? value : null;

    private static string[] Fields(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int? Number(string text, int max) =>
        text.Length is > 0 and <= 5 && text.All(char.IsAsciiDigit) && int.Parse(text, CultureInfo.InvariantCulture) is var n && n <= max ? n : null;
}
