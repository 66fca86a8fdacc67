using System.Text.RegularExpressions;

namespace Dmarc.Core.Records;

/// <summary>
/// The repair of a DMARC record that strict receivers ignore today, done only when the customer
/// asks for it (it can switch a policy on): leading whitespace removed, the version written as
/// DMARC1, a missing ';' after it or escaped '\;' separators fixed, and p=none added when policy
/// tags stand without p. Anything else is left for the customer to fix.
/// </summary>
public static partial class DmarcRecordRepair
{
    /// <summary>The repaired text and what was done, or null with the reason when there is nothing this can repair.</summary>
    public static (string? Repaired, IReadOnlyList<string> Changes, string? Refusal) Repair(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (DmarcRecord.TryParse(text, out _, out _))
        {
            return (null, [], "The record is valid already; there is nothing to repair.");
        }

        if (!DmarcRecord.LooksLikeDmarc(text))
        {
            return (null, [], "The value is not a DMARC record.");
        }

        var changes = new List<string>();
        var repaired = text;
        if (repaired.Length > 0 && char.IsWhiteSpace(repaired[0]))
        {
            repaired = repaired.TrimStart();
            changes.Add("removed the whitespace before v=DMARC1");
        }

        if (repaired.Contains("\\;", StringComparison.Ordinal))
        {
            repaired = repaired.Replace("\\;", ";", StringComparison.Ordinal);
            changes.Add("turned the escaped '\\;' separators into ';'");
        }

        var version = VersionTag().Match(repaired);
        if (version.Success && version.Value != "v=DMARC1")
        {
            repaired = "v=DMARC1" + repaired[version.Length..];
            changes.Add($"wrote the version '{version.Value}' as v=DMARC1");
        }

        if (repaired.Length > "v=DMARC1".Length && repaired.StartsWith("v=DMARC1", StringComparison.Ordinal)
            && repaired["v=DMARC1".Length..].TrimStart(' ', '\t') is { Length: > 0 } rest && rest[0] != ';')
        {
            repaired = "v=DMARC1; " + rest;
            changes.Add("added the ';' after v=DMARC1");
        }

        if (!DmarcRecord.TryParse(repaired, out _, out var error) && error.Tag == "p" && repaired.StartsWith("v=DMARC1", StringComparison.Ordinal))
        {
            var afterVersion = repaired["v=DMARC1".Length..].TrimStart(' ', '\t');
            repaired = "v=DMARC1; p=none" + (afterVersion.StartsWith(';') ? afterVersion : "; " + afterVersion);
            changes.Add("added p=none, so the record's other policy tags (such as sp) take effect");
        }

        return DmarcRecord.TryParse(repaired, out _, out var left)
            ? (repaired, changes, null)
            : (null, changes, $"The record cannot be repaired automatically: {left}");
    }

    /// <summary>The version tag as written at the start: "v" in any case, spaces around "=", a version token.</summary>
    [GeneratedRegex(@"\A[vV][ \t]*=[ \t]*[A-Za-z0-9]*", RegexOptions.CultureInvariant)]
    private static partial Regex VersionTag();
}
