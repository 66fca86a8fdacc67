namespace Dmarc.Core.Reports;

/// <summary>One DKIM signature as the receiver saw it: its <c>d=</c> domain, selector, result and whether it aligns with header_from.</summary>
public sealed record DkimEvidence(string Domain, string? Selector, string Result, bool Aligned)
{
    public bool AlignedPass => Aligned && Result == "pass";
}

/// <summary>The SPF check as the receiver saw it: the domain checked (MAIL FROM, else HELO), its result and whether it aligns with header_from.</summary>
public sealed record SpfEvidence(string Domain, string Result, bool Aligned)
{
    public bool AlignedPass => Aligned && Result == "pass";
}

/// <summary>
/// What a sender is recognised by, for some of a contribution's messages: the header_from domain,
/// every DKIM signature and the SPF check, each with its result and alignment (PRODUCT.md §3 needs
/// them to tell services, forwarders and hosted servers apart).
/// </summary>
public sealed record AuthEvidence(string? HeaderFrom, IReadOnlyList<DkimEvidence> Dkim, SpfEvidence? Spf, long Messages)
{
    /// <summary>True when the identity is the same (everything but the message count).</summary>
    public bool SameIdentity(AuthEvidence other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return HeaderFrom == other.HeaderFrom && Spf == other.Spf && Dkim.SequenceEqual(other.Dkim);
    }

    /// <summary>
    /// The forwarding pattern: an aligned DKIM signature passed while SPF did not (a forwarder
    /// relays the message unchanged from its own IP), or the header_from domain's own signature
    /// broke while another domain's signature passed (a mailing list changed the message and re-signed it).
    /// </summary>
    public bool LooksForwarded =>
        (Dkim.Any(d => d.AlignedPass) && Spf is not { Result: "pass" })
        || (Dkim.Any(d => d.Aligned && d.Result != "pass") && Dkim.Any(d => !d.Aligned && d.Result == "pass") && !Dkim.Any(d => d.AlignedPass));
}
