namespace Dmarc.Core.Records;

/// <summary>Surgical edits of one tag's value, for the policy steps of enforcement: every other byte of the record stays.</summary>
public sealed partial record DmarcRecord
{
    /// <summary>
    /// Sets one tag: its value replaced where it is written, or, when absent, a new tag with the
    /// record's own separator (<c>p</c> right after the version, as RFC 7489's grammar puts it;
    /// any other tag at the end, before a trailing separator). Unchanged when the value is the same.
    /// </summary>
    public DmarcRecord WithTag(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (string.Equals(name, "v", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The version tag cannot be set.", nameof(name));
        }

        if (Span(name) is { } span)
        {
            return span.Tag.Value == value ? this : Reparse(Text[..span.ValueStart] + value + Text[span.ValueEnd..]);
        }

        var separator = Separator;
        if (string.Equals(name, "p", StringComparison.OrdinalIgnoreCase))
        {
            var at = _spans[0].ValueEnd;
            return Reparse(Text[..at] + separator + name + "=" + value + Text[at..]);
        }

        var body = Text.TrimEnd(';', ' ', '\t', '\r', '\n');
        return Reparse(body + separator + name + "=" + value + Text[body.Length..]);
    }

    /// <summary>Removes one tag with the separator before it; unchanged when the tag is absent. The inverse of adding it with <see cref="WithTag"/>.</summary>
    public DmarcRecord WithoutTag(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var span = Span(name);
        if (span is null)
        {
            return this;
        }

        var index = _spans.ToList().IndexOf(span);
        if (index == 0)
        {
            throw new ArgumentException("The version tag cannot be removed.", nameof(name));
        }

        return Reparse(Text.Remove(_spans[index - 1].ValueEnd, span.ValueEnd - _spans[index - 1].ValueEnd));
    }
}
