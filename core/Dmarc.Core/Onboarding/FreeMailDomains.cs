using System.Collections.Frozen;
using Dmarc.Core.Dns;

namespace Dmarc.Core.Onboarding;

/// <summary>Public e-mail providers, from the data file free-mail-domains.txt shipped in this assembly.</summary>
public static class FreeMailDomains
{
    private static readonly Lazy<FrozenDictionary<string, string>> Families = new(Load);

    /// <summary>Every listed domain with its provider family (Gmail, Outlook, ...).</summary>
    public static IReadOnlyDictionary<string, string> All => Families.Value;

    /// <summary>The provider family when the domain (or a parent of it) is a public provider, else null.</summary>
    public static string? FamilyOf(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        for (var name = DnsNames.Normalize(domain); name is not null; name = Parent(name))
        {
            if (Families.Value.TryGetValue(name, out var family))
            {
                return family;
            }
        }

        return null;
    }

    private static string? Parent(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : name[(dot + 1)..];
    }

    private static FrozenDictionary<string, string> Load()
    {
        using var stream = typeof(FreeMailDomains).Assembly.GetManifestResourceStream("Dmarc.Core.Onboarding.free-mail-domains.txt")
            ?? throw new InvalidOperationException("free-mail-domains.txt is not embedded.");
        using var reader = new StreamReader(stream);
        var domains = new Dictionary<string, string>(StringComparer.Ordinal);
        var family = "Other";
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                family = line[1..^1];
                continue;
            }

            domains[line.ToLowerInvariant()] = family;
        }

        return domains.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
