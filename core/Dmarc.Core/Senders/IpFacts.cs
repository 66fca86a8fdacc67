namespace Dmarc.Core.Senders;

/// <summary>What reverse DNS said about an address.</summary>
public enum ReverseDnsStatus
{
    /// <summary>A PTR name that resolves back to the address (forward-confirmed).</summary>
    Confirmed,

    /// <summary>A PTR name whose A/AAAA records do not include the address: anyone can publish that, so it proves nothing.</summary>
    Unconfirmed,

    /// <summary>No PTR record.</summary>
    None,

    /// <summary>The lookup timed out or the server failed; tried again after the shorter failure TTL.</summary>
    Failed,
}

/// <summary>The outcome of one reverse lookup with its forward confirmation.</summary>
public sealed record ReverseDnsResult(ReverseDnsStatus Status, string? Name)
{
    public static ReverseDnsResult None { get; } = new(ReverseDnsStatus.None, null);

    public static ReverseDnsResult Failed { get; } = new(ReverseDnsStatus.Failed, null);
}

/// <summary>What is known about one source IP whatever domain it sends for; cached per IP (see <see cref="SenderLookupOptions"/>).</summary>
/// <param name="Ip">The address as reports give it.</param>
/// <param name="ReverseDns">The reverse lookup: the PTR name, and whether it was forward-confirmed.</param>
/// <param name="Country">ISO 3166-1 alpha-2, from the offline IP data.</param>
/// <param name="Asn">The announcing autonomous system.</param>
/// <param name="AsnOrganisation">Its organisation.</param>
/// <param name="CheckedAt">When the lookup ran.</param>
public sealed record IpFacts(string Ip, ReverseDnsResult ReverseDns, string? Country, uint? Asn, string? AsnOrganisation, DateTimeOffset CheckedAt)
{
    /// <summary>The PTR name only when it is forward-confirmed.</summary>
    public string? ConfirmedReverseDns => ReverseDns.Status == ReverseDnsStatus.Confirmed ? ReverseDns.Name : null;
}
