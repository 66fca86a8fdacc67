using System.Net;
using System.Text.RegularExpressions;

namespace Dmarc.Core.Records;

/// <summary>
/// An SPF record (RFC 7208 §4.5, §12): its text exactly as published and its terms. Edits are
/// surgical: a mechanism is added before the first <c>all</c> or <c>redirect=</c> (or at the end)
/// with one space, and removing it again gives back the text as it was.
/// </summary>
public sealed partial record SpfRecord
{
    /// <summary>The terms that cost one DNS lookup each (RFC 7208 §4.6.4).</summary>
    private static readonly string[] LookupMechanisms = ["include", "a", "mx", "ptr", "exists"];

    private SpfRecord(string text, IReadOnlyList<string> terms)
    {
        Text = text;
        Terms = terms;
    }

    public string Text { get; }

    /// <summary>The terms after the version, as written (qualifier included).</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>True when the TXT value is an SPF record: exactly "v=spf1", alone or before a space (RFC 7208 §4.5).</summary>
    public static bool IsSpf(string txt)
    {
        ArgumentNullException.ThrowIfNull(txt);
        return txt.Equals("v=spf1", StringComparison.OrdinalIgnoreCase) || txt.StartsWith("v=spf1 ", StringComparison.OrdinalIgnoreCase);
    }

    public static bool TryParse(string txt, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SpfRecord? record, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(txt);
        record = null;
        if (!IsSpf(txt))
        {
            error = "The record does not start with v=spf1.";
            return false;
        }

        var terms = txt[6..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var modifiers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var term in terms)
        {
            if (ModifierTerm().Match(term) is { Success: true } modifier)
            {
                var name = modifier.Groups["name"].Value;
                if ((name.Equals("redirect", StringComparison.OrdinalIgnoreCase) || name.Equals("exp", StringComparison.OrdinalIgnoreCase)) && !modifiers.Add(name))
                {
                    error = $"The modifier {name}= appears more than once (RFC 7208 §6): a permanent error.";
                    return false;
                }

                continue;
            }

            if (MechanismError(term) is { } bad)
            {
                error = bad;
                return false;
            }
        }

        record = new SpfRecord(txt, terms);
        error = null;
        return true;
    }

    /// <summary>The domains of the <c>include:</c> mechanisms and the <c>redirect=</c> modifier, in order.</summary>
    public IEnumerable<string> IncludedDomains => Terms
        .Select(t => t.TrimStart('+', '-', '~', '?'))
        .Where(t => t.StartsWith("include:", StringComparison.OrdinalIgnoreCase) || t.StartsWith("redirect=", StringComparison.OrdinalIgnoreCase))
        .Select(t => t[(t.IndexOfAny([':', '=']) + 1)..].TrimEnd('.').ToLowerInvariant());

    /// <summary>How many DNS lookups the terms of this record cost by themselves (includes' own terms not counted).</summary>
    public int OwnLookups => Terms.Count(t =>
    {
        var bare = t.TrimStart('+', '-', '~', '?');
        var name = bare.Split(':', '/', '=')[0];
        return LookupMechanisms.Contains(name, StringComparer.OrdinalIgnoreCase) || (bare.Contains('=') && name.Equals("redirect", StringComparison.OrdinalIgnoreCase));
    });

    public bool Has(string term) => Terms.Any(t => t.Equals(term, StringComparison.OrdinalIgnoreCase));

    /// <summary>The record with <paramref name="term"/> before the first <c>all</c> or <c>redirect=</c>; unchanged when it is there.</summary>
    public SpfRecord WithTerm(string term)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(term);
        if (Has(term))
        {
            return this;
        }

        var before = Terms.FirstOrDefault(t => t.TrimStart('+', '-', '~', '?').Equals("all", StringComparison.OrdinalIgnoreCase) || t.StartsWith("redirect=", StringComparison.OrdinalIgnoreCase));
        var at = before is null ? -1 : TermIndex(before);
        var text = at < 0 ? Text.TrimEnd() + " " + term + Text[Text.TrimEnd().Length..] : Text.Insert(at, term + " ");
        return Parse(text);
    }

    /// <summary>The record without <paramref name="term"/> and the space before it: the exact inverse of <see cref="WithTerm"/>.</summary>
    public SpfRecord WithoutTerm(string term)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(term);
        var found = Terms.FirstOrDefault(t => t.Equals(term, StringComparison.OrdinalIgnoreCase));
        if (found is null)
        {
            return this;
        }

        var at = TermIndex(found);
        var followed = at + found.Length < Text.Length && Text[at + found.Length] == ' ';
        return Parse(followed ? Text.Remove(at, found.Length + 1) : Text.Remove(at - 1, found.Length + 1));
    }

    public static SpfRecord Parse(string txt) => TryParse(txt, out var record, out var error) ? record : throw new FormatException(error);

    public override string ToString() => Text;

    /// <summary>Where a term starts in the text: after a space, and ending at a space or the end.</summary>
    private int TermIndex(string term)
    {
        for (var at = Text.IndexOf(' ' + term, StringComparison.Ordinal); at >= 0; at = Text.IndexOf(' ' + term, at + 1, StringComparison.Ordinal))
        {
            var end = at + 1 + term.Length;
            if (end == Text.Length || Text[end] == ' ')
            {
                return at + 1;
            }
        }

        throw new InvalidOperationException($"The term '{term}' is not in '{Text}'.");
    }

    private static string? MechanismError(string term)
    {
        var bare = term.TrimStart('+', '-', '~', '?');
        if (bare.Length < term.Length - 1)
        {
            return $"'{term}' has more than one qualifier.";
        }

        var colon = bare.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? bare.Split('/')[0] : bare[..colon]).ToLowerInvariant();
        var argument = colon < 0 ? null : bare[(colon + 1)..];
        return name switch
        {
            "all" when bare.Length == 3 => null,
            "include" or "exists" when argument is { Length: > 0 } a && !a.Contains('/') => null,
            "a" or "mx" when argument is null || argument.Length > 0 => null,
            "ptr" when argument is null || argument.Length > 0 => null,
            "ip4" when argument is { } a && Cidr(a, System.Net.Sockets.AddressFamily.InterNetwork, 32) => null,
            "ip6" when argument is { } a && Cidr(a, System.Net.Sockets.AddressFamily.InterNetworkV6, 128) => null,
            "include" or "exists" or "ip4" or "ip6" or "all" => $"'{term}' is not a valid {name} mechanism.",
            _ => $"'{term}' is not an SPF mechanism or modifier (RFC 7208 §5): receivers fail the whole record.",
        };
    }

    private static bool Cidr(string value, System.Net.Sockets.AddressFamily family, int max)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? value : value[..slash];
        return IPAddress.TryParse(address, out var ip) && ip.AddressFamily == family
            && (slash < 0 || (int.TryParse(value[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bits) && bits <= max));
    }

    [GeneratedRegex(@"\A(?<name>[A-Za-z][A-Za-z0-9\-_.]*)=", RegexOptions.CultureInvariant)]
    private static partial Regex ModifierTerm();
}
