using System.Collections.Frozen;

namespace Dmarc.Core.Dns;

/// <summary>One thing wrong with a record set, by the field of the request it is about.</summary>
public sealed record RecordError(string Field, string Message);

/// <summary>
/// What an account may write into its own zones. Only plain data types are allowed: nothing
/// the DNS server would run or resolve itself (PowerDNS LUA records run code on the server;
/// ALIAS makes it resolve names), nothing the platform keeps (SOA, apex NS, DNSSEC records).
/// Values are checked for their type and bounded so that a set fits one table entity.
/// </summary>
public static class TenantRecordPolicy
{
    public const int MaxValues = 100;
    public const int MaxSetCharacters = 8000;

    /// <summary>
    /// The most a set may take in the JSON form one table entity holds (a string property is 64 KiB,
    /// 32K characters): checked with the rest, so an import that would not fit writes nothing.
    /// </summary>
    public const int MaxStoredCharacters = 30_000;
    public const int MaxTtl = 604800;
    public const int MaxPoolLength = 63;

    public static readonly IReadOnlyList<string> WritableTypes = ["A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA", "NS", "PTR"];

    private static readonly FrozenSet<string> Writable = WritableTypes.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Types some DNS servers run or resolve themselves: refused with their own message.</summary>
    private static readonly FrozenSet<string> ProviderSpecific =
        new[] { "LUA", "ALIAS", "ANAME", "URL", "URI301", "FWD", "MBOXFW", "WEBFWD", "HTTPRED" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly string[] ReverseZones = ["in-addr.arpa", "ip6.arpa"];

    public static bool IsWritableType(string? type) => type is not null && Writable.Contains(type);

    /// <summary>Why a type cannot be written at all, or null when it is on the allow-list.</summary>
    public static string? TypeRefusal(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (IsWritableType(type))
        {
            return null;
        }

        var upper = type.ToUpperInvariant();
        return ProviderSpecific.Contains(upper)
            ? $"{upper} is a provider-specific record type that the DNS server runs or resolves itself; it cannot be written. Allowed: {string.Join(", ", WritableTypes)}."
            : $"'{type}' is not a record type accounts may write. Allowed: {string.Join(", ", WritableTypes)}.";
    }

    /// <summary>Checks a set for a zone; on success gives the set with canonical values and the type in upper case.</summary>
    public static IReadOnlyList<RecordError> Check(string zone, RecordSet set, out RecordSet? canonical)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(set);
        var errors = new List<RecordError>();
        var type = set.Type.ToUpperInvariant();
        if (!DnsNames.IsAtOrBelow(set.Name, zone))
        {
            errors.Add(new("name", $"'{set.Name}' is not a name in the zone {zone}."));
        }

        if (TypeRefusal(type) is { } refusal)
        {
            errors.Add(new("type", refusal));
        }
        else if (PlacementError(zone, set.Name, type) is { } placement)
        {
            errors.Add(new("type", placement));
        }

        if (set.Ttl is < 0 or > MaxTtl)
        {
            errors.Add(new("ttl", $"The TTL must be between 0 and {MaxTtl} seconds."));
        }

        if (set.Pool is { } pool && (pool.Length > MaxPoolLength || !pool.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            errors.Add(new("pool", $"A pool name is at most {MaxPoolLength} letters, digits, '-' or '_'."));
        }

        var values = errors.Any(e => e.Field == "type") ? null : Values(type, set.Values, errors);
        canonical = errors.Count == 0 ? set with { Type = type, Values = values! } : null;
        return errors;
    }

    /// <summary>A CNAME stands alone at its name (RFC 1034 §3.6.2); null when the set may sit beside the types already there.</summary>
    public static RecordError? NeighbourError(RecordSet set, IEnumerable<string> typesAtName)
    {
        ArgumentNullException.ThrowIfNull(set);
        var others = typesAtName.Select(t => t.ToUpperInvariant()).Where(t => !set.Is(t)).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (set.Is("CNAME") && others.Length > 0)
        {
            return new("type", $"A CNAME cannot share its name with other records; {set.Name} has {string.Join(", ", others)}.");
        }

        return !set.Is("CNAME") && others.Contains("CNAME")
            ? new("type", $"{set.Name} is a CNAME; no other record can sit beside it.")
            : null;
    }

    private static string? PlacementError(string zone, string name, string type) => type switch
    {
        "CNAME" when name == zone => "A CNAME cannot sit at the zone apex.",
        "NS" when name == zone => "The apex NS records belong to the platform; NS records delegate names below the apex only.",
        "PTR" when !ReverseZones.Any(r => DnsNames.IsAtOrBelow(zone, r)) => "PTR records belong in reverse zones (in-addr.arpa or ip6.arpa) only.",
        _ => null,
    };

    private static string[]? Values(string type, IReadOnlyList<string>? values, List<RecordError> errors)
    {
        if (values is null || values.Count == 0)
        {
            errors.Add(new("values", "At least one non-empty value is required."));
            return null;
        }

        if (values.Count > (type == "CNAME" ? 1 : MaxValues))
        {
            errors.Add(new("values", type == "CNAME" ? "A CNAME has exactly one value." : $"A record set holds at most {MaxValues} values; this one has {values.Count}."));
            return null;
        }

        var canonical = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrEmpty(values[i]))
            {
                errors.Add(new("values", $"values[{i}] is empty."));
            }
            else if (RecordValues.Canonical(type, values[i], out var error) is { } value)
            {
                canonical[i] = value;
                if (Array.IndexOf(canonical, value, 0, i) is var first and >= 0)
                {
                    errors.Add(new("values", $"values[{i}] repeats values[{first}]."));
                }
            }
            else
            {
                errors.Add(new("values", $"values[{i}]: {error}"));
            }
        }

        var total = canonical.Sum(v => v?.Length ?? 0);
        var stored = canonical.Sum(v => StoredLength(v ?? ""));
        if (total > MaxSetCharacters)
        {
            errors.Add(new("values", $"The values of a record set total at most {MaxSetCharacters} characters; these have {total}."));
        }
        else if (stored > MaxStoredCharacters)
        {
            errors.Add(new("values", $"The values of a record set take at most {MaxStoredCharacters} characters as stored (quotes and backslashes count twice, control characters six times); these take {stored}."));
        }

        return canonical;
    }

    /// <summary>The characters a value takes as a JSON string: quotes and backslashes are escaped with one more, control characters as \uXXXX.</summary>
    private static int StoredLength(string value) =>
        2 + value.Sum(c => c is '"' or '\\' ? 2 : char.IsControl(c) ? 6 : 1) + 1;
}
