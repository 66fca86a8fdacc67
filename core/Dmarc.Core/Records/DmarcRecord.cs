using System.Collections.Immutable;

namespace Dmarc.Core.Records;

/// <summary>
/// A DMARC policy record (RFC 7489 §6.3, RFC 9989 §4.7) as an ordered list of tags. Editing
/// <c>rua</c> keeps every other tag, its spelling, order and value.
/// </summary>
public sealed record DmarcRecord
{
    private DmarcRecord(ImmutableArray<DmarcTag> tags) => Tags = tags;

    public ImmutableArray<DmarcTag> Tags { get; }

    public string? this[string name] => Tags.FirstOrDefault(t => t.Is(name))?.Value;

    /// <summary>The aggregate reporting URIs, in order.</summary>
    public IReadOnlyList<DmarcUri> Rua => UriList("rua");

    /// <summary>The failure reporting URIs, in order.</summary>
    public IReadOnlyList<DmarcUri> Ruf => UriList("ruf");

    /// <summary>True when a TXT value is meant as a DMARC record: it starts with "v=DMARC1" (spacing and case aside).</summary>
    public static bool LooksLikeDmarc(string txt)
    {
        ArgumentNullException.ThrowIfNull(txt);
        var first = txt.Split(';', 2)[0];
        var eq = first.IndexOf('=', StringComparison.Ordinal);
        return eq > 0
            && first[..eq].Trim().Equals("v", StringComparison.OrdinalIgnoreCase)
            && first[(eq + 1)..].Trim().Equals("DMARC1", StringComparison.OrdinalIgnoreCase);
    }

    public static DmarcRecord Parse(string txt) =>
        TryParse(txt, out var record, out var error) ? record : throw new FormatException(error.ToString());

    public static bool TryParse(string txt, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DmarcRecord? record, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out DmarcRecordError? error) =>
        DmarcRecordParser.TryParse(txt, out record, out error);

    internal static DmarcRecord FromTags(IEnumerable<DmarcTag> tags) => new([.. tags]);

    /// <summary>Adds one aggregate reporting URI; existing URIs (with their size limits) stay as they are.</summary>
    public DmarcRecord WithRuaAdded(DmarcUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (Rua.Any(u => u.SameDestination(uri)))
        {
            return this;
        }

        var existing = Tags.FirstOrDefault(t => t.Is("rua"));
        return existing is null
            ? new DmarcRecord(Tags.Add(new DmarcTag("rua", uri.ToString())))
            : new DmarcRecord(Tags.Replace(existing, existing with { Value = string.Join(",", Rua.Append(uri)) }));
    }

    /// <summary>Removes one aggregate reporting URI (any size limit); drops the tag when it is left empty.</summary>
    public DmarcRecord WithRuaRemoved(DmarcUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var existing = Tags.FirstOrDefault(t => t.Is("rua"));
        if (existing is null || !Rua.Any(u => u.SameDestination(uri)))
        {
            return this;
        }

        var kept = Rua.Where(u => !u.SameDestination(uri)).ToArray();
        return kept.Length == 0
            ? new DmarcRecord(Tags.Remove(existing))
            : new DmarcRecord(Tags.Replace(existing, existing with { Value = string.Join(",", kept.Select(u => u.ToString())) }));
    }

    /// <summary>The record as TXT text: tags joined by "; ".</summary>
    public string Format() => string.Join("; ", Tags.Select(t => t.ToString()));

    public override string ToString() => Format();

    public bool Equals(DmarcRecord? other) => other is not null && Format() == other.Format();

    public override int GetHashCode() => Format().GetHashCode(StringComparison.Ordinal);

    private DmarcUri[] UriList(string tag) =>
        this[tag] is { } value
            ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => DmarcUri.TryParse(u)!).ToArray()
            : [];
}
