using System.Text.Json;
using System.Text.Json.Serialization;
using Dmarc.Core.Dns;

namespace Dmarc.Core.Senders;

/// <summary>
/// Reads and checks the two catalogue files. Every problem names the entry at fault
/// (<c>service 'sendgrid'</c>, or its position when it has no usable id), so a bad data change
/// fails at start and in the tests, never silently at classification time.
/// </summary>
internal static class SenderCatalogueReader
{
    private const int MaxEntries = 10_000;
    private const int MaxIdLength = 64;
    private const int MaxNameLength = 200;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        MaxDepth = 8,
    };

    public static IReadOnlyList<SendingService> ReadServices(Stream stream)
    {
        var file = Deserialize<ServicesFile>(stream, "sending-services.json");
        var entries = file.Services ?? throw Invalid("sending-services.json has no 'services' list.");
        CheckCount(entries.Count, "sending-services.json");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var services = new List<SendingService>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? throw Invalid($"sending-services.json: service #{i + 1} is null.");
            var what = Describe("service", entry.Id, i);
            var id = CheckId(entry.Id, what, ids);
            var name = CheckName(entry.Name, what);
            var category = CheckCategory(entry.Category, what);
            var reverseDns = CheckDomains(entry.ReverseDnsDomains, what, "reverseDnsDomains");
            var dkim = CheckDomains(entry.DkimDomains, what, "dkimDomains");
            var spf = CheckDomains(entry.SpfDomains, what, "spfDomains");
            var asns = CheckAsns(entry.Asns, what);
            if (reverseDns.Count + dkim.Count + spf.Count + asns.Count == 0)
            {
                throw Invalid($"{what} has no identifier: give at least one reverse-DNS, DKIM or SPF domain or ASN.");
            }

            if (entry.SpfInclude is { } include && !spf.Contains(include, StringComparer.Ordinal))
            {
                throw Invalid($"{what}: spfInclude '{include}' must be one of its spfDomains.");
            }

            services.Add(new SendingService(id, name, category, reverseDns, dkim, spf, asns, CheckSources(entry.Sources, what)) { SpfInclude = entry.SpfInclude });
        }

        return services;
    }

    public static IReadOnlyList<HostingNetwork> ReadNetworks(Stream stream)
    {
        var file = Deserialize<NetworksFile>(stream, "hosting-networks.json");
        var entries = file.Networks ?? throw Invalid("hosting-networks.json has no 'networks' list.");
        CheckCount(entries.Count, "hosting-networks.json");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var owners = new Dictionary<uint, string>();
        var networks = new List<HostingNetwork>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? throw Invalid($"hosting-networks.json: network #{i + 1} is null.");
            var what = Describe("network", entry.Id, i);
            var id = CheckId(entry.Id, what, ids);
            var name = CheckName(entry.Name, what);
            var asns = CheckAsns(entry.Asns, what);
            if (asns.Count == 0)
            {
                throw Invalid($"{what} lists no ASN.");
            }

            foreach (var asn in asns)
            {
                if (!owners.TryAdd(asn, id))
                {
                    throw Invalid($"{what}: AS{asn} is already listed for network '{owners[asn]}'; an ASN belongs to one network.");
                }
            }

            networks.Add(new HostingNetwork(id, name, asns, CheckSources(entry.Sources, what)));
        }

        return networks;
    }

    private static T Deserialize<T>(Stream stream, string file)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(stream, Options) ?? throw Invalid($"{file} is empty (null).");
        }
        catch (JsonException e)
        {
            throw Invalid($"{file} is not a valid catalogue file at {e.Path ?? "$"} (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    private static void CheckCount(int count, string file)
    {
        if (count > MaxEntries)
        {
            throw Invalid($"{file} has {count} entries; at most {MaxEntries} are read.");
        }
    }

    private static string Describe(string kind, string? id, int index) =>
        string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength ? $"{kind} #{index + 1}" : $"{kind} '{id}'";

    private static string CheckId(string? id, string what, HashSet<string> seen)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength
            || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || id[0] == '-' || id[^1] == '-')
        {
            throw Invalid($"{what}: 'id' must be 1 to {MaxIdLength} lower-case letters, digits and inner hyphens.");
        }

        if (!seen.Add(id))
        {
            throw Invalid($"{what}: duplicate id '{id}'.");
        }

        return id;
    }

    private static string CheckName(string? name, string what) =>
        string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || name.Any(char.IsControl)
            ? throw Invalid($"{what}: 'name' must be 1 to {MaxNameLength} printable characters.")
            : name.Trim();

    private static SenderCategory CheckCategory(string? category, string what)
    {
        var names = Enum.GetValues<SenderCategory>().ToDictionary(c => JsonNamingPolicy.KebabCaseLower.ConvertName(c.ToString()), StringComparer.Ordinal);
        return category is not null && names.TryGetValue(category, out var value)
            ? value
            : throw Invalid($"{what}: 'category' must be one of {string.Join(", ", names.Keys)}.");
    }

    private static List<string> CheckDomains(List<string?>? domains, string what, string field)
    {
        var result = new List<string>();
        foreach (var domain in domains ?? [])
        {
            // Written exactly as matched: lower-case ASCII, no trailing dot, at least two labels,
            // and not a public suffix (which would match every domain registered under it).
            var normalized = DnsNames.Normalize(domain);
            if (domain is null || normalized != domain || !normalized.Contains('.', StringComparison.Ordinal)
                || PublicSuffixList.Default.IsPublicSuffix(normalized))
            {
                throw Invalid($"{what}: '{domain}' in '{field}' is not a domain (lower-case ASCII, two labels or more, not a public suffix).");
            }

            if (result.Contains(normalized, StringComparer.Ordinal))
            {
                throw Invalid($"{what}: '{domain}' is listed twice in '{field}'.");
            }

            result.Add(normalized);
        }

        return result;
    }

    private static List<uint> CheckAsns(List<long>? asns, string what)
    {
        var result = new List<uint>();
        foreach (var asn in asns ?? [])
        {
            if (!IsPublicAsn(asn))
            {
                throw Invalid($"{what}: ASN {asn} is out of range (a public AS number 1 to 4294967294, not reserved, private or for documentation).");
            }

            if (result.Contains((uint)asn))
            {
                throw Invalid($"{what}: AS{asn} is listed twice.");
            }

            result.Add((uint)asn);
        }

        return result;
    }

    /// <summary>True for an AS number that can appear on the public Internet (RFC 6996, RFC 5398, RFC 6793, RFC 7300).</summary>
    private static bool IsPublicAsn(long asn) => asn switch
    {
        <= 0 or >= 4_294_967_295 => false,
        23_456 => false,                        // AS_TRANS
        >= 64_496 and <= 65_551 => false,       // documentation, private use, 65535, documentation
        >= 4_200_000_000 => false,              // private use
        _ => true,
    };

    private static List<Uri> CheckSources(List<string?>? sources, string what)
    {
        var result = new List<Uri>();
        foreach (var source in sources ?? [])
        {
            if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw Invalid($"{what}: source '{source}' is not an http(s) URL.");
            }

            result.Add(uri);
        }

        return result.Count > 0 ? result : throw Invalid($"{what} names no source: list the vendor documentation its facts come from.");
    }

    private static InvalidDataException Invalid(string message, Exception? inner = null) => new(message, inner);

    private sealed record ServicesFile(string? About, List<ServiceEntry?>? Services);

    private sealed record ServiceEntry(
        string? Id,
        string? Name,
        string? Category,
        List<string?>? ReverseDnsDomains,
        List<string?>? DkimDomains,
        List<string?>? SpfDomains,
        List<long>? Asns,
        List<string?>? Sources,
        string? SpfInclude = null);

    private sealed record NetworksFile(string? About, List<NetworkEntry?>? Networks);

    private sealed record NetworkEntry(string? Id, string? Name, List<long>? Asns, List<string?>? Sources);
}
