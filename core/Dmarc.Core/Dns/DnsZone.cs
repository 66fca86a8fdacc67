namespace Dmarc.Core.Dns;

/// <summary>How the platform serves a zone.</summary>
public enum ZoneKind
{
    Primary,
    Secondary,
    Alias,
}

/// <summary>Who signs a zone, if anyone.</summary>
public enum DnssecState
{
    NotSigned,

    /// <summary>Signed by the platform, which re-signs after every change.</summary>
    PlatformSigned,

    /// <summary>Signed outside the platform (pre-signed): a change would break the signatures.</summary>
    Presigned,
}

/// <summary>A DNS zone of an account, by its name without the trailing dot, in lower case.</summary>
public sealed record DnsZone(string Name, ZoneKind Kind, DnssecState Dnssec);
