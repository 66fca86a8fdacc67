using Dmarc.Core.Reports;

namespace Dmarc.Core.Senders;

/// <summary>
/// What the reports for one domain say about one IP, gathered over every report processed so far:
/// the domains DKIM passed for, the domains SPF passed for, and whether the forwarding pattern was
/// seen (<see cref="AuthEvidence.LooksForwarded"/>). Merging is a union, so processing the same
/// report twice changes nothing. Each list keeps at most <see cref="MaxDomains"/> domains.
/// </summary>
public sealed record IpSenderEvidence(IReadOnlyList<string> DkimPassDomains, IReadOnlyList<string> SpfPassDomains, bool Forwarded)
{
    public const int MaxDomains = 8;

    public static IpSenderEvidence None { get; } = new([], [], false);

    /// <summary>The evidence of contribution rows of one IP.</summary>
    public static IpSenderEvidence From(IEnumerable<AuthEvidence> evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var items = evidence.ToArray();
        return new IpSenderEvidence(
            Bound(items.SelectMany(e => e.Dkim).Where(d => d.Result == "pass").Select(d => d.Domain)),
            Bound(items.Select(e => e.Spf).Where(s => s is { Result: "pass" }).Select(s => s!.Domain)),
            items.Any(e => e.LooksForwarded));
    }

    public IpSenderEvidence Merge(IpSenderEvidence other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new IpSenderEvidence(Bound([.. DkimPassDomains, .. other.DkimPassDomains]), Bound([.. SpfPassDomains, .. other.SpfPassDomains]), Forwarded || other.Forwarded);
    }

    /// <summary>Value equality over the lists (records compare lists by reference).</summary>
    public bool SameAs(IpSenderEvidence other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Forwarded == other.Forwarded && DkimPassDomains.SequenceEqual(other.DkimPassDomains) && SpfPassDomains.SequenceEqual(other.SpfPassDomains);
    }

    private static string[] Bound(IEnumerable<string> domains) =>
        domains.Select(d => d.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(MaxDomains).ToArray();
}
