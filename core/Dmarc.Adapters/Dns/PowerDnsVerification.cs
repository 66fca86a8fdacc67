namespace Dmarc.Adapters.Dns;

/// <summary>
/// Compares a zone read back after a PATCH with what the PATCH asked for: each replaced record set
/// with its TTL, its disabled records and its values (TXT by text; other types, which PowerDNS
/// writes in its own canonical form, by count), each deleted set gone, and the SOA serial moved
/// whenever the change must move it, since secondaries only transfer a zone whose serial rose.
/// </summary>
internal static class PowerDnsVerification
{
    public static string? Problem(PdnsZone before, PdnsZone after, IReadOnlyList<PdnsRrset> sent)
    {
        foreach (var rrset in sent.Where(r => r.Type != "SOA"))
        {
            var actual = PowerDnsChange.Existing(after, rrset.Name!, rrset.Type!);
            var where = $"{PowerDnsText.Relative(rrset.Name!)} {rrset.Type}";
            if (rrset.Changetype == "DELETE")
            {
                if (actual is not null)
                {
                    return $"{where} is still there.";
                }

                continue;
            }

            if (SetProblem(rrset, actual) is { } problem)
            {
                return $"{where} {problem}";
            }
        }

        var serial = PowerDnsChange.Serial(before);
        return serial is not null && PowerDnsChange.SerialMustMove(before) && PowerDnsChange.Serial(after) == serial
            ? $"the SOA serial stayed at {serial}, so secondaries would not transfer the change."
            : null;
    }

    private static string? SetProblem(PdnsRrset expected, PdnsRrset? actual)
    {
        if (actual is null)
        {
            return "is missing.";
        }

        if (actual.Ttl != expected.Ttl)
        {
            return $"has TTL {actual.Ttl}, not {expected.Ttl}.";
        }

        var wantDisabled = Contents(expected, disabled: true);
        var haveDisabled = Contents(actual, disabled: true);
        if (!wantDisabled.SequenceEqual(haveDisabled, StringComparer.Ordinal))
        {
            return $"has {haveDisabled.Count} disabled records, not the {wantDisabled.Count} it had.";
        }

        var want = Values(expected);
        var have = Values(actual);
        return want.Count != have.Count || (expected.Type == "TXT" && !want.SequenceEqual(have, StringComparer.Ordinal))
            ? $"reads back as [{string.Join(", ", have)}], not [{string.Join(", ", want)}]."
            : null;
    }

    private static List<string> Contents(PdnsRrset rrset, bool disabled) =>
        [.. (rrset.Records ?? []).Where(r => r.Disabled == disabled).Select(r => r.Content ?? "").Order(StringComparer.Ordinal)];

    private static List<string> Values(PdnsRrset rrset) =>
        [.. (rrset.Records ?? []).Where(r => !r.Disabled).Select(r => rrset.Type == "TXT" ? PowerDnsText.UnquoteTxt(r.Content ?? "") : r.Content ?? "").Order(StringComparer.Ordinal)];
}
