using System.Collections.Frozen;
using Dmarc.Core.Dns;

namespace Dmarc.Core.Senders;

/// <summary>
/// The sending services and hosting networks the classifier recognises, from the data files
/// sending-services.json and hosting-networks.json shipped in this assembly. Adding a service or
/// a network is a change to those files only.
/// </summary>
/// <remarks>
/// Order of classification (PRODUCT.md §3): a source IP is first matched against the services
/// with <see cref="MatchService"/>; only when no service matches is its ASN looked up with
/// <see cref="HostingNetworkFor"/>. The order matters because services run on hosting networks:
/// Amazon SES sends from AS16509/AS14618 (AWS), Microsoft 365 from AS8075 (Azure), Google
/// Workspace from AS15169 (Google Cloud). Their PTR names, DKIM and SPF domains tell the service
/// apart from a rented server on the same network. For the same reason an ASN that belongs to a
/// hosting network never identifies a service on its own: it only adds weight to a service that
/// other evidence already matched.
/// </remarks>
public sealed class SenderCatalogue
{
    public const string ServicesResourceName = "Dmarc.Core.Senders.sending-services.json";
    public const string NetworksResourceName = "Dmarc.Core.Senders.hosting-networks.json";

    private static readonly Lazy<SenderCatalogue> Shipped = new(LoadShipped);

    private readonly FrozenDictionary<string, int[]> _reverseDns;
    private readonly FrozenDictionary<string, int[]> _dkim;
    private readonly FrozenDictionary<string, int[]> _spf;
    private readonly FrozenDictionary<uint, int[]> _serviceAsns;
    private readonly FrozenDictionary<uint, HostingNetwork> _networkAsns;
    private readonly FrozenDictionary<string, SendingService> _byId;

    private SenderCatalogue(IReadOnlyList<SendingService> services, IReadOnlyList<HostingNetwork> networks)
    {
        Services = services;
        HostingNetworks = networks;
        _reverseDns = Index(services, s => s.ReverseDnsDomains);
        _dkim = Index(services, s => s.DkimDomains);
        _spf = Index(services, s => s.SpfDomains);
        _serviceAsns = Index(services, s => s.Asns);
        _networkAsns = networks.SelectMany(n => n.Asns, (n, asn) => (asn, n)).ToFrozenDictionary(p => p.asn, p => p.n);
        _byId = services.ToFrozenDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>The catalogue shipped with the app, loaded and validated once.</summary>
    public static SenderCatalogue Default => Shipped.Value;

    /// <summary>Every sending service, in file order (earlier entries win ties).</summary>
    public IReadOnlyList<SendingService> Services { get; }

    /// <summary>Every hosting network, in file order.</summary>
    public IReadOnlyList<HostingNetwork> HostingNetworks { get; }

    /// <summary>Reads and validates both files; a malformed entry throws <see cref="InvalidDataException"/> naming it.</summary>
    public static SenderCatalogue Load(Stream services, Stream networks)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(networks);
        using var servicesCopy = new MemoryStream();
        services.CopyTo(servicesCopy);
        using var networksCopy = new MemoryStream();
        networks.CopyTo(networksCopy);
        var version = VersionOf(servicesCopy.ToArray(), networksCopy.ToArray());
        servicesCopy.Position = 0;
        networksCopy.Position = 0;
        return new SenderCatalogue(
            SenderCatalogueReader.ReadServices(servicesCopy),
            SenderCatalogueReader.ReadNetworks(networksCopy))
        { Version = version };
    }

    /// <summary>
    /// The catalogue's version: the first 16 hex digits of the SHA-256 of both files' bytes. Every
    /// classification records the version that made it; a changed file is a new version.
    /// </summary>
    public string Version { get; private init; } = "";

    private static string VersionOf(byte[] services, byte[] networks)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(services);
        hash.AppendData([0]);
        hash.AppendData(networks);
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>As <see cref="Load"/>, from the JSON text of both files.</summary>
    public static SenderCatalogue Parse(string servicesJson, string networksJson)
    {
        ArgumentNullException.ThrowIfNull(servicesJson);
        ArgumentNullException.ThrowIfNull(networksJson);
        using var services = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(servicesJson));
        using var networks = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(networksJson));
        return Load(services, networks);
    }

    /// <summary>The service with this id, or null.</summary>
    public SendingService? ServiceById(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _byId.GetValueOrDefault(id);
    }

    /// <summary>The best matching service (step 1 of the classification), or null when none matches.</summary>
    public ServiceMatch? MatchService(SenderEvidence evidence) => MatchServices(evidence) is [var best, ..] ? best : null;

    /// <summary>
    /// Every service the evidence points to, best first: highest <see cref="ServiceMatch.Score"/>,
    /// then file order. Domains match on label boundaries: mail.sendgrid.net matches sendgrid.net,
    /// evilsendgrid.net does not.
    /// </summary>
    public IReadOnlyList<ServiceMatch> MatchServices(SenderEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var found = new SortedDictionary<int, List<MatchedEvidence>>();

        if (DnsNames.Normalize(evidence.ConfirmedReverseDns) is { } host)
        {
            AddDomainMatches(found, _reverseDns, host, EvidenceKind.ReverseDns, MatchStrength.Strong);
        }

        foreach (var domain in evidence.DkimPassDomains ?? [])
        {
            if (DnsNames.Normalize(domain) is { } d)
            {
                AddDomainMatches(found, _dkim, d, EvidenceKind.Dkim, MatchStrength.Strong);
            }
        }

        if (DnsNames.Normalize(evidence.SpfPassDomain) is { } spf)
        {
            AddDomainMatches(found, _spf, spf, EvidenceKind.Spf, MatchStrength.Moderate);
        }

        if (evidence.Asn is { } asn && _serviceAsns.TryGetValue(asn, out var owners))
        {
            var shared = _networkAsns.ContainsKey(asn);
            foreach (var index in owners)
            {
                // A hosting network's ASN only corroborates: it never names a service by itself.
                if (!shared || found.ContainsKey(index))
                {
                    Add(found, index, new MatchedEvidence(EvidenceKind.Asn, asn.ToString(System.Globalization.CultureInfo.InvariantCulture), "AS" + asn.ToString(System.Globalization.CultureInfo.InvariantCulture), MatchStrength.Weak));
                }
            }
        }

        return found
            .Select(p => (Order: p.Key, Match: new ServiceMatch(Services[p.Key], p.Value)))
            .OrderByDescending(m => m.Match.Score)
            .ThenBy(m => m.Order)
            .Select(m => m.Match)
            .ToList();
    }

    /// <summary>The hosting network an ASN belongs to (step 3 of the classification, after services), or null.</summary>
    public HostingNetwork? HostingNetworkFor(uint asn) => _networkAsns.GetValueOrDefault(asn);

    private static void AddDomainMatches(
        SortedDictionary<int, List<MatchedEvidence>> found,
        FrozenDictionary<string, int[]> index,
        string name,
        EvidenceKind kind,
        MatchStrength strength)
    {
        // Walk the name and its parents label by label: only whole labels can match.
        for (var suffix = name; suffix is not null; suffix = Parent(suffix))
        {
            if (index.TryGetValue(suffix, out var owners))
            {
                foreach (var owner in owners)
                {
                    Add(found, owner, new MatchedEvidence(kind, name, suffix, strength));
                }
            }
        }
    }

    private static void Add(SortedDictionary<int, List<MatchedEvidence>> found, int service, MatchedEvidence evidence)
    {
        if (!found.TryGetValue(service, out var list))
        {
            found[service] = list = [];
        }

        list.Add(evidence);
    }

    private static string? Parent(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : name[(dot + 1)..];
    }

    private static FrozenDictionary<TKey, int[]> Index<TKey>(IReadOnlyList<SendingService> services, Func<SendingService, IEnumerable<TKey>> keys)
        where TKey : notnull =>
        services
            .SelectMany((s, i) => keys(s).Distinct().Select(k => (Key: k, Index: i)))
            .GroupBy(p => p.Key)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Index).ToArray());

    private static SenderCatalogue LoadShipped()
    {
        var assembly = typeof(SenderCatalogue).Assembly;
        using var services = assembly.GetManifestResourceStream(ServicesResourceName)
            ?? throw new InvalidOperationException("sending-services.json is not embedded.");
        using var networks = assembly.GetManifestResourceStream(NetworksResourceName)
            ?? throw new InvalidOperationException("hosting-networks.json is not embedded.");
        return Load(services, networks);
    }
}
