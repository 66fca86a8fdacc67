using System.Collections.Frozen;
using System.Globalization;

namespace Dmarc.Core.Dns;

/// <summary>
/// The Public Suffix List (https://publicsuffix.org/list/): names under which anyone can
/// register a domain (com, co.uk, github.io). Rules are plain ("co.uk"), wildcards ("*.ck")
/// and exceptions ("!www.ck"); a name no rule matches has its last label as suffix (rule "*").
/// Both the ICANN and the private section count. The data is the list shipped in this
/// assembly, copied at build time from Debian's <c>publicsuffix</c> package.
/// </summary>
public sealed class PublicSuffixList
{
    public const string ResourceName = "Dmarc.Core.Dns.public_suffix_list.dat";

    private static readonly Lazy<PublicSuffixList> Shipped = new(LoadShipped);
    private static readonly IdnMapping Idn = new();

    private readonly FrozenSet<string> _rules;
    private readonly FrozenSet<string> _wildcards;
    private readonly FrozenSet<string> _exceptions;

    private PublicSuffixList(IEnumerable<string> rules, IEnumerable<string> wildcards, IEnumerable<string> exceptions)
    {
        _rules = rules.ToFrozenSet(StringComparer.Ordinal);
        _wildcards = wildcards.ToFrozenSet(StringComparer.Ordinal);
        _exceptions = exceptions.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The list shipped with the app.</summary>
    public static PublicSuffixList Default => Shipped.Value;

    public int Count => _rules.Count + _wildcards.Count + _exceptions.Count;

    /// <summary>Reads the list format: one rule a line, read up to the first white space; "//" comments and blank lines skipped.</summary>
    public static PublicSuffixList Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        List<string> rules = [], wildcards = [], exceptions = [];
        while (reader.ReadLine() is { } line)
        {
            var rule = line.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (rule is null || rule.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var (list, body) = rule switch
            {
                _ when rule.StartsWith('!') => (exceptions, rule[1..]),
                _ when rule.StartsWith("*.", StringComparison.Ordinal) => (wildcards, rule[2..]),
                _ => (rules, rule),
            };
            if (Ascii(body) is { } ascii)
            {
                list.Add(ascii);
            }
        }

        return new PublicSuffixList(rules, wildcards, exceptions);
    }

    /// <summary>The public suffix of a normalised name: "a.b.co.uk" → "co.uk", "x.unlisted" → "unlisted".</summary>
    public string PublicSuffixOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var labels = name.TrimEnd('.').ToLowerInvariant().Split('.');

        // An exception rule wins over every other rule: its suffix is the rule without its first label.
        for (var i = 0; i < labels.Length; i++)
        {
            if (_exceptions.Contains(Join(labels, i)))
            {
                return Join(labels, i + 1);
            }
        }

        // Otherwise the matching rule with the most labels; "*" (the last label) when none matches.
        for (var i = 0; i < labels.Length; i++)
        {
            var suffix = Join(labels, i);
            if (i > 0 && _wildcards.Contains(suffix))
            {
                return Join(labels, i - 1);
            }

            if (_rules.Contains(suffix))
            {
                return suffix;
            }
        }

        return labels[^1];
    }

    /// <summary>True when the name is itself a public suffix (nobody may own it as a whole).</summary>
    public bool IsPublicSuffix(string name) => RegistrableDomainOf(name) is null;

    /// <summary>The registrable domain (public suffix plus one label), or null for a public suffix.</summary>
    public string? RegistrableDomainOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normalized = name.TrimEnd('.').ToLowerInvariant();
        var suffix = PublicSuffixOf(normalized);
        if (suffix == normalized)
        {
            return null;
        }

        var head = normalized[..^(suffix.Length + 1)];
        return head[(head.LastIndexOf('.') + 1)..] + "." + suffix;
    }

    private static string Join(string[] labels, int from) => string.Join('.', labels, from, labels.Length - from);

    private static string? Ascii(string rule)
    {
        try
        {
            return Idn.GetAscii(rule).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static PublicSuffixList LoadShipped()
    {
        using var stream = typeof(PublicSuffixList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("public_suffix_list.dat is not embedded; the build copies it from Debian's 'publicsuffix' package.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
