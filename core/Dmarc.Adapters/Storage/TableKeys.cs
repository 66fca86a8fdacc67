using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dmarc.Adapters.Storage;

/// <summary>
/// The one encoding of outside input (zone names, blob names, report ids, domains, addresses,
/// free text) into PartitionKey and RowKey values. Table Storage refuses '/', '\', '#', '?' and
/// control characters in keys and takes at most 1 KiB per key (512 UTF-16 characters; Azurite
/// counts 512 characters too).
/// <para>
/// <see cref="Encode"/> keeps the characters of host names as they are (ASCII letters, digits,
/// '.', '-', '_' and '@'), so a domain key is the domain itself, readable and in order, and the keys
/// of existing rows keyed by domain do not change. Every other character becomes '!' and the
/// two upper-case hex digits of each of its UTF-8 bytes. The encoding maps a string prefix to a key
/// prefix, so range queries over "encoded part + separator" keep working. A value whose encoding
/// would exceed <see cref="MaxPartLength"/> keeps its first characters and ends in "!!" and the
/// SHA-256 of the whole value ("!!" cannot arise otherwise), so any input fits and stays unique.
/// Parts of a composite key are encoded one by one and joined with <see cref="Separator"/>, which
/// the encoding never emits.
/// </para>
/// </summary>
public static class TableKeys
{
    /// <summary>The longest key either service takes (512 UTF-16 characters is 1 KiB).</summary>
    public const int MaxLength = 512;

    /// <summary>The longest encoded part: two parts, a separator and a short fixed prefix stay under <see cref="MaxLength"/>.</summary>
    public const int MaxPartLength = 240;

    /// <summary>Joins encoded parts; never produced by <see cref="Encode"/>.</summary>
    public const char Separator = '|';

    private const char Escape = '!';
    private const string HashMarker = "!!";
    private const int HashHexLength = 64;

    /// <summary>False for values Table Storage refuses as keys ('/', '\', '#', '?', control characters, over 1 KiB).</summary>
    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength }
        && !value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>Encodes any string as a valid key part (see the type's summary); the same input always gives the same key.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = Escaped(value);
        if (escaped.Length <= MaxPartLength)
        {
            return escaped;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        var keep = MaxPartLength - HashMarker.Length - HashHexLength;
        // Never cut an escape sequence in two: back up to the escape character it started with.
        var cut = keep;
        var escapeAt = escaped.LastIndexOf(Escape, keep - 1, Math.Min(keep, 3));
        if (escapeAt >= 0 && escapeAt + 3 > keep)
        {
            cut = escapeAt;
        }

        return escaped[..cut] + HashMarker + hash;
    }

    /// <summary>Encodes each part and joins them with <see cref="Separator"/>.</summary>
    public static string Join(params string[] parts) => string.Join(Separator, parts.Select(Encode));

    private static string Escaped(string value)
    {
        if (value.All(IsKept))
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 16);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (IsKept(c))
            {
                text.Append(c);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                ? 2
                : 1;
            var count = Encoding.UTF8.GetBytes(value.AsSpan(i, length), bytes);
            for (var b = 0; b < count; b++)
            {
                text.Append(Escape).Append(bytes[b].ToString("X2", CultureInfo.InvariantCulture));
            }

            i += length - 1;
        }

        return text.ToString();
    }

    private static bool IsKept(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@';
}
