using System.Globalization;
using System.Numerics;
using System.Text;

namespace Dmarc.Adapters.IpData;

/// <summary>
/// Reads the ip-location-db ASN CSV in its numeric form: <c>start,end,asn,organisation</c> per line,
/// inclusive ranges, the organisation quoted when it holds a comma (<c>""</c> for a quote). The file
/// is read in chunks and parsed as UTF-8 bytes; the only strings made are the distinct organisation
/// names, which <see cref="AsnEntries"/> keeps once each.
/// </summary>
public static class AsnCsv
{
    /// <summary>The longest line accepted, in bytes.</summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>Adds every row of <paramref name="csv"/> to <paramref name="ranges"/>; a malformed row throws <see cref="InvalidDataException"/> naming <paramref name="source"/> and the line.</summary>
    public static void Read<T>(Stream csv, string source, AsnEntries entries, RangeTableBuilder<T> ranges)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(ranges);
        var buffer = new byte[MaxLineBytes];
        var scratch = new Scratch(new byte[MaxLineBytes], new char[MaxLineBytes]);
        var filled = 0;
        long line = 0;
        while (true)
        {
            var read = csv.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var consumed = 0;
            while (consumed < filled)
            {
                var newline = buffer.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                ReadLine(buffer.AsSpan(consumed, newline), source, ++line, entries, ranges, scratch);
                consumed += newline + 1;
            }

            if (read == 0)
            {
                if (consumed < filled)
                {
                    ReadLine(buffer.AsSpan(consumed, filled - consumed), source, ++line, entries, ranges, scratch);
                }

                break;
            }

            if (consumed == 0 && filled == buffer.Length)
            {
                throw Malformed(source, line + 1, $"the line is longer than {MaxLineBytes} bytes", buffer.AsSpan(0, 120));
            }

            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
        }

        if (line == 0)
        {
            throw new InvalidDataException($"{source} is empty: expected lines of start,end,asn,organisation.");
        }
    }

    private static void ReadLine<T>(ReadOnlySpan<byte> text, string source, long line, AsnEntries entries, RangeTableBuilder<T> ranges, Scratch scratch)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (text.EndsWith((byte)'\r'))
        {
            text = text[..^1];
        }

        if (text.IsEmpty)
        {
            return;
        }

        var rest = text;
        if (!TryTakeField(ref rest, out var startText) || !TryTakeField(ref rest, out var endText) || !TryTakeField(ref rest, out var asnText))
        {
            throw Malformed(source, line, "expected 4 fields: start,end,asn,organisation", text);
        }

        if (!T.TryParse(startText, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            throw Malformed(source, line, $"the range start is not a number of at most {T.MaxValue.GetByteCount() * 8} bits", text);
        }

        if (!T.TryParse(endText, NumberStyles.None, CultureInfo.InvariantCulture, out var end))
        {
            throw Malformed(source, line, $"the range end is not a number of at most {T.MaxValue.GetByteCount() * 8} bits", text);
        }

        if (!uint.TryParse(asnText, NumberStyles.None, CultureInfo.InvariantCulture, out var asn))
        {
            throw Malformed(source, line, "the AS number is not a number from 0 to 4294967295", text);
        }

        if (!TryUnquote(rest, scratch.Bytes, out var organisationBytes))
        {
            throw Malformed(source, line, "the organisation has an unbalanced quote", text);
        }

        var length = Encoding.UTF8.GetChars(organisationBytes, scratch.Chars);
        var entry = entries.Add(asn, scratch.Chars.AsSpan(0, length));
        try
        {
            ranges.Add(start, end, entry);
        }
        catch (ArgumentException e)
        {
            throw Malformed(source, line, e.Message, text);
        }
    }

    private static bool TryTakeField(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> field)
    {
        var comma = rest.IndexOf((byte)',');
        if (comma < 0)
        {
            field = default;
            return false;
        }

        field = rest[..comma];
        rest = rest[(comma + 1)..];
        return true;
    }

    // A field as it is, or, when it starts with a quote, its inside with "" read as one quote.
    private static bool TryUnquote(ReadOnlySpan<byte> field, Span<byte> scratch, out ReadOnlySpan<byte> value)
    {
        value = field;
        if (!field.StartsWith((byte)'"'))
        {
            return !field.Contains((byte)'"');
        }

        if (field.Length < 2 || !field.EndsWith((byte)'"'))
        {
            return false;
        }

        var inside = field[1..^1];
        var length = 0;
        for (var i = 0; i < inside.Length; i++)
        {
            if (inside[i] == (byte)'"')
            {
                if (i + 1 >= inside.Length || inside[i + 1] != (byte)'"')
                {
                    return false;
                }

                i++;
            }

            scratch[length++] = inside[i];
        }

        value = scratch[..length];
        return true;
    }

    private static InvalidDataException Malformed(string source, long line, string reason, ReadOnlySpan<byte> text)
    {
        var shown = Encoding.UTF8.GetString(text[..Math.Min(text.Length, 120)]);
        return new InvalidDataException($"{source} line {line}: {reason}: \"{shown}\"");
    }

    private sealed record Scratch(byte[] Bytes, char[] Chars);
}

/// <summary>
/// The distinct (AS number, organisation) pairs that ranges point to, each organisation name held
/// once however many ranges and AS numbers share it.
/// </summary>
public sealed class AsnEntries
{
    private readonly Dictionary<string, int> _organisationIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _organisationBySpan;
    private readonly List<string> _organisations = [];
    private readonly Dictionary<ulong, int> _entryIndex = [];
    private readonly List<uint> _asns = [];
    private readonly List<int> _entryOrganisations = [];

    public AsnEntries() => _organisationBySpan = _organisationIndex.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _asns.Count;

    public int OrganisationCount => _organisations.Count;

    /// <summary>The entry for this pair, added when new; the name becomes a string only the first time it is seen.</summary>
    public int Add(uint asn, ReadOnlySpan<char> organisation)
    {
        if (!_organisationBySpan.TryGetValue(organisation, out var organisationIndex))
        {
            organisationIndex = _organisations.Count;
            var name = organisation.ToString();
            _organisations.Add(name);
            _organisationIndex.Add(name, organisationIndex);
        }

        var key = ((ulong)asn << 32) | (uint)organisationIndex;
        if (!_entryIndex.TryGetValue(key, out var entry))
        {
            entry = _asns.Count;
            _asns.Add(asn);
            _entryOrganisations.Add(organisationIndex);
            _entryIndex.Add(key, entry);
        }

        return entry;
    }

    /// <summary>The entries as compact arrays, once every file is read.</summary>
    internal (uint[] Asns, string[] Organisations) Freeze()
    {
        var organisations = new string[_asns.Count];
        for (var i = 0; i < organisations.Length; i++)
        {
            organisations[i] = _organisations[_entryOrganisations[i]];
        }

        return ([.. _asns], organisations);
    }
}
