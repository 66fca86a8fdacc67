using Dmarc.Core.Dns;

namespace Dmarc.Core.Reports;

/// <summary>
/// Builds and bounds the <see cref="AuthEvidence"/> kept with each contribution. Alignment follows
/// RFC 7489 §3.1: strict (<c>adkim=s</c>, <c>aspf=s</c>) needs the same name, relaxed (the default)
/// the same organisational domain (registrable domain by the Public Suffix List).
/// </summary>
/// <remarks>
/// Bounds, so a row stays far below the Table service's 64 KiB per property whatever a reporter
/// sends: at most <see cref="MaxIdentities"/> identities per row (the ones with the most messages;
/// the rest of the messages are still in the row's counts), <see cref="MaxSignatures"/> DKIM
/// signatures per identity, domains cut at 253 characters, selectors at 63 and results at 16.
/// The largest stored evidence is then about 21,000 characters of JSON.
/// </remarks>
public static class EvidenceBuilder
{
    public const int MaxIdentities = 10;
    public const int MaxSignatures = 4;
    public const int MaxDomainLength = 253;
    public const int MaxSelectorLength = 63;
    public const int MaxResultLength = 16;

    /// <summary>The evidence of one record, for <paramref name="messages"/> of its messages.</summary>
    public static AuthEvidence For(ReportRecord record, PublishedPolicy policy, long messages)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(policy);
        var from = Cut(DnsNames.Normalize(record.HeaderFrom) ?? record.HeaderFrom?.ToLowerInvariant(), MaxDomainLength);
        var dkim = record.DkimResults
            .Where(d => !string.IsNullOrEmpty(d.Domain))
            .Take(MaxSignatures)
            .Select(d => new DkimEvidence(Cut(d.Domain, MaxDomainLength)!, Cut(d.Selector, MaxSelectorLength), Cut(d.Result, MaxResultLength)!, Aligned(d.Domain!, from, policy.Adkim)))
            .ToArray();
        var spfResult = record.SpfResults.FirstOrDefault(s => s.Scope is null or "mfrom" && !string.IsNullOrEmpty(s.Domain))
            ?? record.SpfResults.FirstOrDefault(s => !string.IsNullOrEmpty(s.Domain));
        var spf = spfResult is null ? null : new SpfEvidence(Cut(spfResult.Domain, MaxDomainLength)!, Cut(spfResult.Result, MaxResultLength)!, Aligned(spfResult.Domain!, from, policy.Aspf));
        return new AuthEvidence(from, dkim, spf, messages);
    }

    /// <summary>Adds evidence with the same identity together, keeps the largest <see cref="MaxIdentities"/>.</summary>
    public static IReadOnlyList<AuthEvidence> Merge(IEnumerable<AuthEvidence> evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var merged = new List<AuthEvidence>();
        foreach (var item in evidence)
        {
            var at = merged.FindIndex(m => m.SameIdentity(item));
            if (at < 0)
            {
                merged.Add(item);
            }
            else
            {
                merged[at] = merged[at] with { Messages = merged[at].Messages + item.Messages };
            }
        }

        return merged.Where(m => m.Messages > 0)
            .Select((m, order) => (m, order))
            .OrderByDescending(p => p.m.Messages).ThenBy(p => p.order)
            .Take(MaxIdentities)
            .Select(p => p.m)
            .ToArray();
    }

    /// <summary>Whether an authenticated domain aligns with header_from under the policy's mode (<c>s</c> strict, otherwise relaxed).</summary>
    public static bool Aligned(string domain, string? headerFrom, string? mode)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (headerFrom is null || DnsNames.Normalize(domain) is not { } authenticated)
        {
            return false;
        }

        return string.Equals(mode, "s", StringComparison.OrdinalIgnoreCase)
            ? authenticated == headerFrom
            : Organisational(authenticated) == Organisational(headerFrom);
    }

    private static string Organisational(string name) => PublicSuffixList.Default.RegistrableDomainOf(name) ?? name;

    private static string? Cut(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
