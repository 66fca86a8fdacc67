using System.Diagnostics.CodeAnalysis;

namespace Dmarc.Core.Records;

/// <summary>
/// Parses TXT text into a <see cref="DmarcRecord"/>, tolerating what people publish (spacing,
/// trailing semicolons, upper-case tags) and refusing what receivers would reject, with a
/// precise reason.
/// </summary>
internal static class DmarcRecordParser
{
    private static readonly string[] Policies = ["none", "quarantine", "reject"];
    private static readonly string[] Alignments = ["r", "s"];
    private static readonly string[] YesNo = ["y", "n"];
    private static readonly string[] PsdValues = ["y", "n", "u"];
    private static readonly string[] FailureOptions = ["0", "1", "d", "s"];

    public static bool TryParse(string txt, [NotNullWhen(true)] out DmarcRecord? record, [NotNullWhen(false)] out DmarcRecordError? error)
    {
        ArgumentNullException.ThrowIfNull(txt);
        record = null;
        var tags = new List<DmarcTag>();
        var parts = txt.Split(';');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            if (part.Length == 0)
            {
                if (i == parts.Length - 1 || tags.Count > 0)
                {
                    continue; // trailing or doubled separators are harmless
                }

                error = new DmarcRecordError("The record must start with v=DMARC1.");
                return false;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                error = new DmarcRecordError($"'{part}' is not a tag=value pair.");
                return false;
            }

            var tag = new DmarcTag(part[..eq].Trim(), part[(eq + 1)..].Trim());
            if (!tag.Name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                error = new DmarcRecordError($"'{tag.Name}' is not a valid tag name.");
                return false;
            }

            if (tags.Any(t => t.Is(tag.Name)))
            {
                error = new DmarcRecordError("The tag appears more than once.", tag.Name.ToLowerInvariant());
                return false;
            }

            tags.Add(tag);
        }

        error = CheckVersion(tags) ?? tags.Skip(1).Select(CheckTag).FirstOrDefault(e => e is not null);
        if (error is not null)
        {
            return false;
        }

        record = DmarcRecord.FromTags(tags);
        return true;
    }

    private static DmarcRecordError? CheckVersion(List<DmarcTag> tags)
    {
        var versionAt = tags.FindIndex(t => t.Is("v"));
        if (versionAt < 0)
        {
            return new DmarcRecordError("The record has no v=DMARC1 tag.", "v");
        }

        if (versionAt > 0)
        {
            return new DmarcRecordError("v=DMARC1 must be the first tag.", "v");
        }

        return tags[0].Value.Equals("DMARC1", StringComparison.OrdinalIgnoreCase)
            ? null
            : new DmarcRecordError($"The version must be DMARC1, not '{tags[0].Value}'.", "v");
    }

    private static DmarcRecordError? CheckTag(DmarcTag tag) => tag.Name.ToLowerInvariant() switch
    {
        "p" or "sp" or "np" => OneOf(tag, Policies),
        "adkim" or "aspf" => OneOf(tag, Alignments),
        "t" => OneOf(tag, YesNo),
        "psd" => OneOf(tag, PsdValues),
        "pct" => Integer(tag, 0, 100),
        "ri" => Integer(tag, 0, uint.MaxValue),
        "fo" => tag.Value.Split(':').All(o => FailureOptions.Contains(o.Trim(), StringComparer.OrdinalIgnoreCase))
            ? null
            : new DmarcRecordError($"'{tag.Value}' is not a list of 0, 1, d and s separated by ':'.", "fo"),
        "rf" => tag.Value.Split(':').All(f => f.Trim().Length > 0 && f.Trim().All(char.IsAsciiLetterOrDigit))
            ? null
            : new DmarcRecordError($"'{tag.Value}' is not a list of report formats.", "rf"),
        "rua" or "ruf" => UriList(tag),
        _ => null, // unknown tags are ignored by receivers (RFC 7489 §6.3) and kept here
    };

    private static DmarcRecordError? OneOf(DmarcTag tag, string[] allowed) =>
        allowed.Contains(tag.Value, StringComparer.OrdinalIgnoreCase)
            ? null
            : new DmarcRecordError($"'{tag.Value}' is not one of {string.Join(", ", allowed)}.", tag.Name.ToLowerInvariant());

    private static DmarcRecordError? Integer(DmarcTag tag, long min, long max) =>
        tag.Value.Length > 0 && tag.Value.All(char.IsAsciiDigit) && long.TryParse(tag.Value, out var n) && n >= min && n <= max
            ? null
            : new DmarcRecordError($"'{tag.Value}' is not a whole number from {min} to {max}.", tag.Name.ToLowerInvariant());

    private static DmarcRecordError? UriList(DmarcTag tag)
    {
        var uris = tag.Value.Split(',', StringSplitOptions.TrimEntries);
        if (uris.All(u => u.Length == 0))
        {
            return new DmarcRecordError("The list of reporting URIs is empty.", tag.Name.ToLowerInvariant());
        }

        var bad = uris.Where(u => u.Length > 0).FirstOrDefault(u => DmarcUri.TryParse(u) is null);
        return bad is null ? null : new DmarcRecordError($"'{bad}' is not a valid reporting URI.", tag.Name.ToLowerInvariant());
    }
}
