namespace Dmarc.Core.Senders;

/// <summary>The kinds of evidence a service can be recognised by.</summary>
public enum EvidenceKind
{
    ReverseDns,
    Dkim,
    Spf,
    Asn,
}

/// <summary>How much one piece of evidence says about who sent the mail.</summary>
public enum MatchStrength
{
    /// <summary>The ASN: the IP is on the service's network, which may carry other traffic too.</summary>
    Weak = 1,

    /// <summary>SPF passed for the service's domain: the IP is one the service authorises.</summary>
    Moderate = 2,

    /// <summary>A forward-confirmed PTR name or a passing DKIM signature of the service.</summary>
    Strong = 3,
}

/// <summary>One piece of evidence that matched a service.</summary>
/// <param name="Kind">Which kind of evidence.</param>
/// <param name="Value">The evidence as seen ("o1.ptr2.sendgrid.net", "16509").</param>
/// <param name="Identifier">The catalogue entry it matched ("sendgrid.net").</param>
/// <param name="Strength">How much it says.</param>
public sealed record MatchedEvidence(EvidenceKind Kind, string Value, string Identifier, MatchStrength Strength);

/// <summary>A service the evidence points to, with every piece of evidence that matched it.</summary>
public sealed record ServiceMatch(SendingService Service, IReadOnlyList<MatchedEvidence> Evidence)
{
    /// <summary>The strongest evidence that matched.</summary>
    public MatchStrength Strength => Evidence.Max(e => e.Strength);

    /// <summary>
    /// How well the service is matched: the strongest evidence of each kind, added up. Two kinds
    /// of evidence beat one; several DKIM signatures of one service count once.
    /// </summary>
    public int Score => Evidence.GroupBy(e => e.Kind).Sum(g => (int)g.Max(e => e.Strength));
}
