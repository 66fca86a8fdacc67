namespace Dmarc.Core.Senders;

/// <summary>
/// A sending service from the catalogue (sending-services.json) and what identifies it. Every
/// domain is lower case ASCII and matches itself and every name below it on a label boundary.
/// </summary>
/// <param name="Id">Stable id ("amazon-ses"), used in stored classifications.</param>
/// <param name="Name">What users read ("Amazon SES").</param>
/// <param name="Category">What kind of service it is.</param>
/// <param name="ReverseDnsDomains">Base domains of the service's forward-confirmed PTR names.</param>
/// <param name="DkimDomains">DKIM <c>d=</c> domains the service signs with.</param>
/// <param name="SpfDomains">SPF <c>include:</c> domains the vendor documents, and its own envelope (MAIL FROM) domains.</param>
/// <param name="Asns">Autonomous systems the service sends from.</param>
/// <param name="Sources">Where the facts come from.</param>
/// <remarks>Approving the service adds <see cref="SpfInclude"/> to the domain's SPF record.</remarks>
public sealed record SendingService(
    string Id,
    string Name,
    SenderCategory Category,
    IReadOnlyList<string> ReverseDnsDomains,
    IReadOnlyList<string> DkimDomains,
    IReadOnlyList<string> SpfDomains,
    IReadOnlyList<uint> Asns,
    IReadOnlyList<Uri> Sources)
{
    /// <summary>The <c>include:</c> domain the vendor tells customers to put in their SPF record (one of <see cref="SpfDomains"/>); null when it documents none.</summary>
    public string? SpfInclude { get; init; }
}
