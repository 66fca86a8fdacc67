namespace Dmarc.Core.Records;

/// <summary>A reporting URI of <c>rua</c> or <c>ruf</c>, with its optional <c>!size</c> limit kept as written.</summary>
public sealed record DmarcUri(string Uri, string? SizeLimit)
{
    /// <summary>Parses "mailto:a@b.example!10m"; null when the text is not an absolute URI with a valid size suffix.</summary>
    public static DmarcUri? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var bang = trimmed.IndexOf('!', StringComparison.Ordinal);
        var uri = bang < 0 ? trimmed : trimmed[..bang];
        var size = bang < 0 ? null : trimmed[(bang + 1)..];
        if (size is not null && !IsSize(size))
        {
            return null;
        }

        if (uri.Length == 0 || uri.Any(char.IsWhiteSpace))
        {
            return null;
        }

        // mailto: is checked by its own rules (RFC 6068): System.Uri refuses some valid mailboxes.
        if (uri.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            return IsMailbox(uri["mailto:".Length..]) ? new DmarcUri(uri, size) : null;
        }

        return System.Uri.TryCreate(uri, UriKind.Absolute, out _) ? new DmarcUri(uri, size) : null;
    }

    /// <summary>True when both name the same destination (the scheme and address compare without case; size limits are ignored).</summary>
    public bool SameDestination(DmarcUri other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Uri, other.Uri, StringComparison.OrdinalIgnoreCase);
    }

    public override string ToString() => SizeLimit is null ? Uri : $"{Uri}!{SizeLimit}";

    private static bool IsSize(string size)
    {
        var digits = size.Length > 0 && "kmgtKMGT".Contains(size[^1], StringComparison.Ordinal) ? size[..^1] : size;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) && ulong.TryParse(digits, out _);
    }

    /// <summary>
    /// local@host: a dot-atom or quoted local part (a quoted one may hold '@'), and a host that is a
    /// name of one or more labels or an address literal in brackets.
    /// </summary>
    private static bool IsMailbox(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return false;
        }

        var local = address[..at];
        var host = address[(at + 1)..];
        var localOk = local.Length >= 2 && local[0] == '"' && local[^1] == '"'
            ? !local[1..^1].Contains('"', StringComparison.Ordinal) || local[1..^1].Contains("\\\"", StringComparison.Ordinal)
            : !local.Contains('@', StringComparison.Ordinal) && !local.StartsWith('.') && !local.EndsWith('.') && !local.Contains("..", StringComparison.Ordinal);
        var hostOk = host.StartsWith('[') && host.EndsWith(']')
            ? System.Net.IPAddress.TryParse(host[1..^1].Replace("IPv6:", "", StringComparison.OrdinalIgnoreCase), out _)
            : host.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c > 127) && label[0] != '-' && label[^1] != '-');
        return localOk && hostOk;
    }
}
