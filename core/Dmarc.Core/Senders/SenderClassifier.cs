using System.Globalization;
using Dmarc.Core.Dns;

namespace Dmarc.Core.Senders;

/// <summary>
/// Classifies one source IP from its <see cref="IpFacts"/> and the <see cref="IpSenderEvidence"/>
/// of a domain's reports, in the order of PRODUCT.md §3: known service (PTR, DKIM, SPF, ASN against
/// the catalogue), known forwarder, hosted server (the ASN is a hosting network's), unidentified.
/// Pure: no I/O, the same input gives the same answer.
/// </summary>
public sealed class SenderClassifier(SenderCatalogue catalogue, PublicSuffixList suffixes)
{
    public SenderClassification Classify(string domain, IpFacts facts, IpSenderEvidence evidence, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(evidence);
        SenderClassification Result(SenderClass kind, string id, string name, string? service = null, string? network = null) =>
            new(domain, facts.Ip, kind, id, name, service, network, facts, evidence, at) { CatalogueVersion = catalogue.Version };

        var spfDomains = evidence.SpfPassDomains.Count == 0 ? [null] : evidence.SpfPassDomains.Select(d => (string?)d).ToArray();
        var service = spfDomains
            .Select(spf => catalogue.MatchService(new SenderEvidence(facts.ConfirmedReverseDns, evidence.DkimPassDomains, spf, facts.Asn)))
            .OfType<ServiceMatch>()
            .OrderByDescending(m => m.Score)
            .FirstOrDefault();
        if (service is not null)
        {
            return Result(SenderClass.Service, "service_" + service.Service.Id, service.Service.Name, service: service.Service.Id);
        }

        if (evidence.Forwarded)
        {
            var (id, name) = Forwarder(facts);
            return Result(SenderClass.Forwarder, "forwarder_" + id, name);
        }

        if (facts.Asn is { } asn && catalogue.HostingNetworkFor(asn) is { } network)
        {
            return Result(SenderClass.HostedServer, "hosted_" + facts.Ip, network.Name, network: network.Id);
        }

        return Result(SenderClass.Unidentified, SenderClassification.UnidentifiedId, "Unidentified");
    }

    /// <summary>A forwarder is named by its confirmed PTR's registrable domain, else its AS, else its IP.</summary>
    private (string Id, string Name) Forwarder(IpFacts facts)
    {
        if (facts.ConfirmedReverseDns is { } ptr && suffixes.RegistrableDomainOf(ptr) is { } organisation)
        {
            return (organisation, organisation);
        }

        if (facts.Asn is { } asn)
        {
            var number = "AS" + asn.ToString(CultureInfo.InvariantCulture);
            return (number.ToLowerInvariant(), facts.AsnOrganisation is { Length: > 0 } org ? $"{org} ({number})" : number);
        }

        return (facts.Ip, facts.Ip);
    }
}
