using Dmarc.Core.Records;

namespace Dmarc.Core.Alerts;

/// <summary>What the record alerts read from DNS and how they describe it.</summary>
public static class RecordStates
{
    /// <summary>How many days of reports are searched for DKIM selectors.</summary>
    public const int SelectorDays = 7;

    /// <summary>At most this many selectors per domain are watched (the first by name).</summary>
    public const int MaxSelectors = 10;

    public static string DmarcName(string domain) => "_dmarc." + domain;

    public static string DkimName(string domain, string selector) => $"{selector}._domainkey.{domain}";

    /// <summary>The values of a kind among the TXT strings at its name: DMARC and SPF records by their version tag, every DKIM key record.</summary>
    public static IReadOnlyList<string> Values(RecordKind kind, IReadOnlyList<string> txt)
    {
        ArgumentNullException.ThrowIfNull(txt);
        IEnumerable<string> values = kind switch
        {
            RecordKind.Dmarc => txt.Where(DmarcRecord.LooksLikeDmarc),
            RecordKind.Spf => txt.Where(t => t.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase) && (t.Length == 6 || t[6] == ' ')),
            _ => txt,
        };
        return [.. values.Order(StringComparer.Ordinal)];
    }

    public static bool Same(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.SequenceEqual(b, StringComparer.Ordinal);

    public static string Describe(IReadOnlyList<string> values) => values.Count == 0 ? "(no record)" : string.Join(" | ", values);

    /// <summary>The DMARC verdict: the policy of a valid record, or the problem receivers see.</summary>
    public static DmarcVerdict Verdict(IReadOnlyList<string> dmarc)
    {
        ArgumentNullException.ThrowIfNull(dmarc);
        if (dmarc.Count == 0)
        {
            return new DmarcVerdict(null, "there is no DMARC record, so receivers apply no DMARC policy and send no reports");
        }

        if (dmarc.Count > 1)
        {
            return new DmarcVerdict(null, $"there are {dmarc.Count} DMARC records, so receivers ignore them all");
        }

        return DmarcRecord.TryParse(dmarc[0], out var record, out var error)
            ? new DmarcVerdict(record["p"]?.ToLowerInvariant() ?? "none", null)
            : new DmarcVerdict(null, $"the DMARC record is invalid ({error})");
    }
}

/// <summary>A DMARC record's policy, or its problem.</summary>
public sealed record DmarcVerdict(string? Policy, string? Problem)
{
    public override string ToString() => Problem is null ? $"p={Policy}" : "problem: " + Problem;
}
