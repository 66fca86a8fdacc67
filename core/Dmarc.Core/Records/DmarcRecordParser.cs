using System.Diagnostics.CodeAnalysis;

namespace Dmarc.Core.Records;

/// <summary>
/// Parses TXT text into a <see cref="DmarcRecord"/> that remembers where each tag is, so edits
/// touch only the bytes they must. It accepts what RFC 7489 and RFC 9989 accept and refuses what
/// strict receivers ignore (leading whitespace, a version other than exactly DMARC1, policy tags
/// without p), with a reason that says what a receiver does with the record.
/// </summary>
internal static class DmarcRecordParser
{
    /// <summary>RFC 9989's dmarc-version: "v" (any case), optional spaces or tabs around "=", then the version token.</summary>
    private static readonly System.Text.RegularExpressions.Regex VersionStart = new(@"\A[vV][ \t]*=[ \t]*(?<version>[A-Za-z0-9]*)", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly string[] Policies = ["none", "quarantine", "reject"];
    private static readonly string[] Alignments = ["r", "s"];
    private static readonly string[] YesNo = ["y", "n"];
    private static readonly string[] PsdValues = ["y", "n", "u"];
    private static readonly string[] FailureOptions = ["0", "1", "d", "s"];

    /// <summary>Tags that change what a receiver does with mail; without p they take effect only once rua makes the record count (RFC 7489 §6.6.3).</summary>
    private static readonly string[] PolicyTags = ["sp", "np", "pct", "adkim", "aspf", "t", "psd"];

    public static bool TryParse(string txt, [NotNullWhen(true)] out DmarcRecord? record, [NotNullWhen(false)] out DmarcRecordError? error)
    {
        ArgumentNullException.ThrowIfNull(txt);
        record = null;
        error = CheckStart(txt);
        if (error is not null)
        {
            return false;
        }

        var spans = new List<DmarcTagSpan>();
        for (var start = 0; start <= txt.Length;)
        {
            var end = txt.IndexOf(';', start);
            end = end < 0 ? txt.Length : end;
            var span = ReadTag(txt, start, end, out error);
            if (error is not null)
            {
                return false;
            }

            if (span is not null)
            {
                if (spans.Any(s => s.Tag.Is(span.Tag.Name)))
                {
                    error = new DmarcRecordError("The tag appears more than once; receivers ignore the record.", span.Tag.Name.ToLowerInvariant());
                    return false;
                }

                spans.Add(span);
            }

            start = end + 1;
        }

        error = spans.Skip(1).Select(s => CheckTag(s.Tag)).FirstOrDefault(e => e is not null) ?? CheckPolicy(spans);
        if (error is not null)
        {
            return false;
        }

        record = new DmarcRecord(txt, spans);
        return true;
    }

    /// <summary>The record must begin with the version tag, exactly DMARC1, then end or ";" (spaces allowed before it); no leading whitespace.</summary>
    private static DmarcRecordError? CheckStart(string txt)
    {
        if (txt.Length > 0 && char.IsWhiteSpace(txt[0]))
        {
            return new DmarcRecordError("The record starts with whitespace. Receivers that require it to start with v=DMARC1 ignore it today; it is left as it is (ask for a repair to fix it).", "v");
        }

        var start = VersionStart.Match(txt);
        if (!start.Success)
        {
            return new DmarcRecordError($"The record must start with v=DMARC1, not '{Shorten(txt.Split(';', 2)[0])}' (RFC 7489 §6.3); receivers ignore it.", "v");
        }

        var version = start.Groups["version"].Value;
        if (version != "DMARC1")
        {
            return new DmarcRecordError($"The version must be exactly DMARC1, not '{Shorten(version)}' (RFC 7489 §6.3, RFC 9989 §4.7); strict receivers ignore the record.", "v");
        }

        var rest = txt.AsSpan(start.Length).TrimStart(" \t");
        return rest.Length == 0 || rest[0] == ';'
            ? null
            : new DmarcRecordError($"v=DMARC1 must be followed by ';' before the next tag, not '{Shorten(rest.ToString())}'; receivers do not read this as a DMARC record.", "v");
    }

    /// <summary>One "name=value" between two semicolons; null for an empty segment.</summary>
    private static DmarcTagSpan? ReadTag(string txt, int start, int end, out DmarcRecordError? error)
    {
        error = null;
        var nameStart = start;
        while (nameStart < end && char.IsWhiteSpace(txt[nameStart]))
        {
            nameStart++;
        }

        if (nameStart == end)
        {
            return null; // empty or trailing segments are harmless
        }

        var eq = txt.IndexOf('=', nameStart, end - nameStart);
        if (eq < 0)
        {
            error = new DmarcRecordError($"'{Shorten(txt[nameStart..end].Trim())}' is not a tag=value pair; receivers ignore the record.");
            return null;
        }

        var name = txt[nameStart..eq].TrimEnd();
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            error = new DmarcRecordError($"'{Shorten(name)}' is not a valid tag name; receivers ignore the record.");
            return null;
        }

        var valueStart = eq + 1;
        while (valueStart < end && char.IsWhiteSpace(txt[valueStart]))
        {
            valueStart++;
        }

        var valueEnd = end;
        while (valueEnd > valueStart && char.IsWhiteSpace(txt[valueEnd - 1]))
        {
            valueEnd--;
        }

        return new DmarcTagSpan(new DmarcTag(name, txt[valueStart..valueEnd]), nameStart, valueStart, valueEnd);
    }

    private static DmarcRecordError? CheckPolicy(List<DmarcTagSpan> spans)
    {
        if (spans.Any(s => s.Tag.Is("p")))
        {
            return null;
        }

        var policyTag = spans.FirstOrDefault(s => PolicyTags.Any(p => s.Tag.Is(p)));
        return policyTag is null
            ? null
            : new DmarcRecordError(
                $"The record has no p tag but sets {policyTag.Tag.Name}. Receivers ignore it today; adding rua would make them apply it (RFC 7489 §6.6.3), so it is left as it is (ask for a repair to fix it).",
                "p");
    }

    private static DmarcRecordError? CheckTag(DmarcTag tag) => tag.Name.ToLowerInvariant() switch
    {
        "v" => new DmarcRecordError("v may appear only once, as the first tag.", "v"),
        "p" or "sp" or "np" => OneOf(tag, Policies),
        "adkim" or "aspf" => OneOf(tag, Alignments),
        "t" => OneOf(tag, YesNo),
        "psd" => OneOf(tag, PsdValues),
        "pct" => Integer(tag, 0, 100),
        "ri" => Integer(tag, 0, uint.MaxValue),
        "fo" => tag.Value.Split(':').All(o => FailureOptions.Contains(o.Trim(), StringComparer.OrdinalIgnoreCase))
            ? null
            : new DmarcRecordError($"'{tag.Value}' is not a list of 0, 1, d and s separated by ':'.", "fo"),
        "rf" => tag.Value.Split(':').All(f => IsKeyword(f.Trim()))
            ? null
            : new DmarcRecordError($"'{tag.Value}' is not a list of report format keywords separated by ':'.", "rf"),
        "rua" or "ruf" => UriList(tag),
        _ => null, // unknown tags are ignored by receivers (RFC 7489 §6.3) and kept here
    };

    /// <summary>A keyword of RFC 5234 style: a letter, then letters, digits and hyphens.</summary>
    private static bool IsKeyword(string value) =>
        value.Length > 0 && char.IsAsciiLetter(value[0]) && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

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

        if (uris.Any(u => u.Length == 0))
        {
            return new DmarcRecordError("The list of reporting URIs has an empty entry (a stray comma); RFC 9989 does not allow it.", tag.Name.ToLowerInvariant());
        }

        var bad = uris.FirstOrDefault(u => DmarcUri.TryParse(u) is null);
        return bad is null ? null : new DmarcRecordError($"'{bad}' is not a valid reporting URI.", tag.Name.ToLowerInvariant());
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
