namespace Dmarc.Core.Ingestion;

/// <summary>Tells the container format of a document from its first bytes, never from its name.</summary>
public static class ReportFormatSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeadLength = 1024;

    public static ReportFormat Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B)
        {
            return ReportFormat.Gzip;
        }

        // Local file header, or the end-of-central-directory record of an empty archive.
        if (head.Length >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K'
            && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6)))
        {
            return ReportFormat.Zip;
        }

        var text = SkipBomAndWhitespace(head);
        if (text.IsEmpty)
        {
            return ReportFormat.Unknown;
        }

        if (text[0] == (byte)'<')
        {
            return ReportFormat.Xml;
        }

        return LooksLikeMessageHeader(text) ? ReportFormat.Mime : ReportFormat.Unknown;
    }

    private static ReadOnlySpan<byte> SkipBomAndWhitespace(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        var i = 0;
        while (i < head.Length && head[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return head[i..];
    }

    /// <summary>
    /// An RFC 5322 message starts with a header field: a name, then a colon. RFC 5322 allows any
    /// printable character in the name; real mail uses letters, digits and hyphens, and the
    /// stricter rule keeps JSON and prose out. An mbox "From " separator line is accepted too.
    /// </summary>
    private static bool LooksLikeMessageHeader(ReadOnlySpan<byte> text)
    {
        if (text.StartsWith("From "u8))
        {
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b == (byte)':')
            {
                return i > 0;
            }

            if (!(char.IsAsciiLetterOrDigit((char)b) || b == (byte)'-'))
            {
                return false;
            }
        }

        return false;
    }
}
