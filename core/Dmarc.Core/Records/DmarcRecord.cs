using System.Collections.Immutable;

namespace Dmarc.Core.Records;

/// <summary>
/// A DMARC policy record (RFC 7489 §6.3, RFC 9989 §4.7): its text exactly as published and its
/// tags. Edits are surgical: adding the reporting address changes only the <c>rua</c> value (or
/// appends one <c>rua</c> tag in the record's own separator style), and removing it again gives
/// back the text as it was; every other byte stays.
/// </summary>
public sealed partial record DmarcRecord
{
    private readonly IReadOnlyList<DmarcTagSpan> _spans;

    internal DmarcRecord(string text, IReadOnlyList<DmarcTagSpan> spans)
    {
        Text = text;
        _spans = spans;
        Tags = [.. spans.Select(s => s.Tag)];
    }

    /// <summary>The record's text, byte for byte as published.</summary>
    public string Text { get; }

    public ImmutableArray<DmarcTag> Tags { get; }

    public string? this[string name] => Tags.FirstOrDefault(t => t.Is(name))?.Value;

    /// <summary>The aggregate reporting URIs, in order.</summary>
    public IReadOnlyList<DmarcUri> Rua => UriList("rua");

    /// <summary>The failure reporting URIs, in order.</summary>
    public IReadOnlyList<DmarcUri> Ruf => UriList("ruf");

    /// <summary>
    /// True when any receiver could take the TXT value for a DMARC record: after leading
    /// whitespace it starts with "v=DMARC", in any case (spaces around "=" too). Such a value
    /// counts for the one-record rule even when it is not valid, so no second record is ever
    /// written beside it.
    /// </summary>
    public static bool LooksLikeDmarc(string txt)
    {
        ArgumentNullException.ThrowIfNull(txt);
        return DmarcLike.IsMatch(txt);
    }

    private static readonly System.Text.RegularExpressions.Regex DmarcLike = new(@"\A\s*v\s*=\s*DMARC", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static DmarcRecord Parse(string txt) =>
        TryParse(txt, out var record, out var error) ? record : throw new FormatException(error.ToString());

    public static bool TryParse(string txt, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DmarcRecord? record, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out DmarcRecordError? error) =>
        DmarcRecordParser.TryParse(txt, out record, out error);

    /// <summary>
    /// Adds one aggregate reporting URI: appended to the <c>rua</c> value as written, or as a new
    /// <c>rua</c> tag before any trailing separator, with the separator the record uses after its
    /// version. Unchanged when the destination is already there.
    /// </summary>
    public DmarcRecord WithRuaAdded(DmarcUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (Rua.Any(u => u.SameDestination(uri)))
        {
            return this;
        }

        if (Span("rua") is { } rua)
        {
            return Reparse(Text.Insert(rua.ValueEnd, "," + uri));
        }

        var body = Text.TrimEnd(';', ' ', '\t', '\r', '\n');
        var trailer = Text[body.Length..];
        return Reparse(body + Separator + "rua=" + uri + trailer);
    }

    /// <summary>
    /// Removes one aggregate reporting URI (any size limit) with the comma before it; when it was
    /// the only one, the whole <c>rua</c> tag goes with the separator before it. The exact inverse
    /// of <see cref="WithRuaAdded"/>.
    /// </summary>
    public DmarcRecord WithRuaRemoved(DmarcUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var rua = Span("rua");
        var entries = rua is null ? [] : Entries(rua);
        var index = entries.FindIndex(e => DmarcUri.TryParse(Text[e.Start..e.End]) is { } u && u.SameDestination(uri));
        if (rua is null || index < 0)
        {
            return this;
        }

        if (entries.Count == 1)
        {
            var previous = _spans[_spans.ToList().IndexOf(rua) - 1];
            return Reparse(Text.Remove(previous.ValueEnd, rua.ValueEnd - previous.ValueEnd));
        }

        var (from, to) = index > 0
            ? (entries[index - 1].End, entries[index].End)
            : (entries[0].Start, entries[1].Start);
        return Reparse(Text.Remove(from, to - from));
    }

    /// <summary>The record's text, exactly as published or as edited.</summary>
    public string Format() => Text;

    public override string ToString() => Text;

    public bool Equals(DmarcRecord? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    /// <summary>The separator the record uses after its version ("; " when it has no other tag).</summary>
    private string Separator => _spans.Count > 1 ? Text[_spans[0].ValueEnd.._spans[1].NameStart] : "; ";

    private DmarcTagSpan? Span(string name) => _spans.FirstOrDefault(s => s.Tag.Is(name));

    /// <summary>The URIs of a list value with their positions in the text, whitespace around them excluded.</summary>
    private List<(int Start, int End)> Entries(DmarcTagSpan list)
    {
        var entries = new List<(int Start, int End)>();
        for (var start = list.ValueStart; start <= list.ValueEnd;)
        {
            var comma = Text.IndexOf(',', start, list.ValueEnd - start);
            var end = comma < 0 ? list.ValueEnd : comma;
            var (s, e) = (start, end);
            while (s < e && char.IsWhiteSpace(Text[s]))
            {
                s++;
            }

            while (e > s && char.IsWhiteSpace(Text[e - 1]))
            {
                e--;
            }

            if (e > s)
            {
                entries.Add((s, e));
            }

            start = end + 1;
        }

        return entries;
    }

    private static DmarcRecord Reparse(string text) =>
        TryParse(text, out var record, out var error) ? record : throw new InvalidOperationException($"An edit produced an invalid record ({error}): {text}");

    private DmarcUri[] UriList(string tag) =>
        this[tag] is { } value
            ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => DmarcUri.TryParse(u)!).ToArray()
            : [];
}
