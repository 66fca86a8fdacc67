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

        if (!System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || uri.Any(char.IsWhiteSpace))
        {
            return null;
        }

        if (parsed.Scheme == System.Uri.UriSchemeMailto && !IsMailbox(uri["mailto:".Length..]))
        {
            return null;
        }

        return new DmarcUri(uri, size);
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

    private static bool IsMailbox(string address)
    {
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < address.Length - 1 && address.IndexOf('@', at + 1) < 0 && address[(at + 1)..].Contains('.', StringComparison.Ordinal);
    }
}
