namespace Dmarc.Core.Senders;

/// <summary>The four kinds of sender, in the order they are tried (PRODUCT.md §3).</summary>
public enum SenderClass
{
    /// <summary>A sending service of the catalogue (sending-services.json).</summary>
    Service,

    /// <summary>Relays mail it did not write: DKIM passes aligned while SPF does not, or a mailing list re-signed it.</summary>
    Forwarder,

    /// <summary>A server on a cloud or hosting network (hosting-networks.json) that matches no service: listed per IP.</summary>
    HostedServer,

    /// <summary>None of the above.</summary>
    Unidentified,
}

/// <summary>
/// How one source IP sending as one domain is classified, with what it was classified by.
/// <see cref="SenderId"/> groups IPs the way the senders list shows them: one row per service,
/// per forwarder organisation, per hosted-server IP, and one for all unidentified traffic.
/// </summary>
public sealed record SenderClassification(
    string Domain,
    string Ip,
    SenderClass Class,
    string SenderId,
    string SenderName,
    string? ServiceId,
    string? NetworkId,
    IpFacts Facts,
    IpSenderEvidence Evidence,
    DateTimeOffset ClassifiedAt)
{
    public const string UnidentifiedId = "unidentified";

    /// <summary>The prefix of a service's sender id ("service_sendgrid").</summary>
    public const string ServicePrefix = "service_";

    /// <summary>The <see cref="SenderCatalogue.Version"/> that produced it; null for classifications made before versions were kept.</summary>
    public string? CatalogueVersion { get; init; }
}
