namespace Dmarc.Core.Senders;

/// <summary>What is known about one source IP when it is matched against the catalogue.</summary>
/// <param name="ConfirmedReverseDns">
/// The PTR name of the IP, only when it is forward-confirmed (the name resolves back to the IP);
/// null otherwise, because anyone can publish any PTR name for their own addresses.
/// </param>
/// <param name="DkimPassDomains">The <c>d=</c> domains of DKIM signatures that passed.</param>
/// <param name="SpfPassDomain">The domain SPF passed for (the MAIL FROM domain, or an <c>include:</c> domain that authorised the IP); null when SPF did not pass.</param>
/// <param name="Asn">The autonomous system the IP belongs to, when known.</param>
public sealed record SenderEvidence(
    string? ConfirmedReverseDns,
    IReadOnlyList<string> DkimPassDomains,
    string? SpfPassDomain,
    uint? Asn)
{
    /// <summary>No evidence at all.</summary>
    public static SenderEvidence None { get; } = new(null, [], null, null);
}
