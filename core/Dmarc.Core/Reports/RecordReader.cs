using System.Globalization;
using System.Net;
using System.Xml;

namespace Dmarc.Core.Reports;

/// <summary>
/// Reads one &lt;record&gt; straight off the reader, without building a tree: each element is
/// known by its path (row/source_ip, auth_results/dkim/selector, ...), the first of each is
/// kept, unknown elements are passed over (their depth still checked). Values are normalised
/// as for the rest of the report: trimmed, empty as missing, results and domains lower-cased.
/// </summary>
internal sealed class RecordReader(Dictionary<string, string> pool)
{
    /// <summary>How many distinct values one report shares among its records (domains, results, selectors repeat).</summary>
    public const int PoolSize = 4096;

    private readonly string?[] _path = new string?[5];
    private string? _ip, _count, _disposition, _dkim, _spf, _headerFrom, _envelopeFrom, _envelopeTo;
    private bool _row, _evaluated, _identifiers, _auth;
    private List<PolicyReason>? _reasons;
    private List<DkimAuthResult>? _dkimResults;
    private List<SpfAuthResult>? _spfResults;
    private readonly string?[] _result = new string?[5];

    /// <summary>
    /// Reads the record the reader is on and leaves the reader on its end tag. One reader serves a
    /// whole report: values repeated across records are taken from <paramref name="pool"/>, so a
    /// long report keeps one copy of each.
    /// </summary>
    public ReportRecord Read(XmlReader reader, int number, int maxDepth)
    {
        Reset();
        if (!reader.IsEmptyElement)
        {
            var top = reader.Depth;
            var skipBelow = int.MaxValue;
            string? text = null;
            while (reader.Read())
            {
                XmlReportParser.CheckDepth(reader, maxDepth);
                var level = reader.Depth - top;
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when level <= 4 && reader.Depth < skipBelow:
                        _path[level] = reader.LocalName;
                        text = null;
                        if (!Enter(level))
                        {
                            skipBelow = reader.IsEmptyElement ? skipBelow : reader.Depth + 1;
                        }
                        else if (reader.IsEmptyElement)
                        {
                            Leave(level, null);
                        }

                        break;
                    case XmlNodeType.Element when reader.Depth < skipBelow:
                        // Below the deepest element a record has (inside a reason's type, say): skipped with what it holds.
                        skipBelow = reader.IsEmptyElement ? skipBelow : reader.Depth + 1;
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace when reader.Depth <= skipBelow:
                        text = text is null ? reader.Value : text + reader.Value;
                        break;
                    case XmlNodeType.EndElement when level == 0:
                        return Build(number);
                    case XmlNodeType.EndElement when reader.Depth + 1 == skipBelow:
                        skipBelow = int.MaxValue;
                        text = null;
                        break;
                    case XmlNodeType.EndElement when reader.Depth < skipBelow:
                        Leave(level, text);
                        text = null;
                        break;
                }
            }
        }

        return Build(number);
    }

    private void Reset()
    {
        _ip = _count = _disposition = _dkim = _spf = _headerFrom = _envelopeFrom = _envelopeTo = null;
        _row = _evaluated = _identifiers = _auth = false;
        _reasons = null;
        _dkimResults = null;
        _spfResults = null;
        Array.Clear(_path);
        Array.Clear(_result);
    }

    /// <summary>Whether the element just opened at <paramref name="level"/> is one to read (the first of its kind, on a known path).</summary>
    private bool Enter(int level)
    {
        var name = _path[level];
        switch (level)
        {
            case 1:
                return name switch
                {
                    "row" => !_row && (_row = true),
                    "identifiers" => !_identifiers && (_identifiers = true),
                    "auth_results" => !_auth && (_auth = true),
                    _ => false,
                };
            case 2 when _path[1] == "row":
                return name is "source_ip" or "count" || (name == "policy_evaluated" && !_evaluated && (_evaluated = true));
            case 2 when _path[1] == "identifiers":
                return name is "header_from" or "envelope_from" or "envelope_to";
            case 2 when _path[1] == "auth_results":
                if (name is "dkim" or "spf")
                {
                    Array.Clear(_result);
                    return true;
                }

                return false;
            case 3 when _path[2] == "policy_evaluated":
                if (name == "reason")
                {
                    Array.Clear(_result);
                    return true;
                }

                return name is "disposition" or "dkim" or "spf";
            case 3 when _path[1] == "auth_results":
                return name is "domain" or "selector" or "scope" or "result" or "human_result";
            case 4 when _path[3] == "reason":
                return name is "type" or "comment";
            default:
                return false;
        }
    }

    /// <summary>Keeps the text of the element closing at <paramref name="level"/>, or completes a result or reason.</summary>
    private void Leave(int level, string? text)
    {
        var name = _path[level]!;
        switch (level)
        {
            case 2 when _path[1] == "row":
                if (name == "source_ip")
                {
                    _ip ??= text ?? "";
                }
                else if (name == "count")
                {
                    _count ??= text ?? "";
                }

                break;
            case 2 when _path[1] == "identifiers":
                _ = name switch
                {
                    "header_from" => _headerFrom ??= text ?? "",
                    "envelope_from" => _envelopeFrom ??= text ?? "",
                    _ => _envelopeTo ??= text ?? "",
                };
                break;
            case 2 when name == "dkim":
                (_dkimResults ??= []).Add(new DkimAuthResult(Domain(_result[0]), Trimmed(_result[1]), Lower(_result[3]) ?? "none", Trimmed(_result[4])));
                break;
            case 2 when name == "spf":
                (_spfResults ??= []).Add(new SpfAuthResult(Domain(_result[0]), Lower(_result[2]), Lower(_result[3]) ?? "none", Trimmed(_result[4])));
                break;
            case 3 when name == "reason":
                if (Lower(_result[0]) is { } type)
                {
                    (_reasons ??= []).Add(new PolicyReason(type, Trimmed(_result[1])));
                }

                break;
            case 3 when _path[2] == "policy_evaluated":
                _ = name switch
                {
                    "disposition" => _disposition ??= text ?? "",
                    "dkim" => _dkim ??= text ?? "",
                    _ => _spf ??= text ?? "",
                };
                break;
            case 3:
                _result[name switch { "domain" => 0, "selector" => 1, "scope" => 2, "result" => 3, _ => 4 }] ??= text ?? "";
                break;
            case 4:
                _result[name == "type" ? 0 : 1] ??= text ?? "";
                break;
        }
    }

    private ReportRecord Build(int number)
    {
        if (!_row)
        {
            throw Missing($"record[{number}]/row");
        }

        var ip = _ip?.Trim() is { Length: > 0 } trimmed ? trimmed : throw Missing($"record[{number}]/row/source_ip");
        if (!IPAddress.TryParse(ip, out var address))
        {
            throw Invalid($"record[{number}]/row/source_ip", ip);
        }

        var countText = _count?.Trim() is { Length: > 0 } digits ? digits : throw Missing($"record[{number}]/row/count");
        if (!long.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw Invalid($"record[{number}]/row/count", countText);
        }

        if (count > ReportLimits.MaxRecordCount)
        {
            throw new ReportFormatException($"record[{number}]/row/count: {count} messages is more than any receiver reports for one address (at most {ReportLimits.MaxRecordCount}).");
        }

        return new ReportRecord(
            Canonical(ip, address),
            count,
            Lower(_disposition),
            Lower(_dkim),
            Lower(_spf),
            _reasons is null ? [] : _reasons.ToArray(),
            _identifiers ? Domain(_headerFrom) : null,
            _identifiers ? Domain(_envelopeFrom) : null,
            _identifiers ? Domain(_envelopeTo) : null,
            _dkimResults is null ? [] : _dkimResults.ToArray(),
            _spfResults is null ? [] : _spfResults.ToArray());
    }

    /// <summary>The address in its canonical text: the text as sent when it already is (no copy), else the formatted address.</summary>
    private static string Canonical(string text, IPAddress address)
    {
        Span<char> formatted = stackalloc char[64];
        return address.TryFormat(formatted, out var length) && !formatted[..length].SequenceEqual(text) ? new string(formatted[..length]) : text;
    }

    private string? Trimmed(string? text) => text?.Trim() is { Length: > 0 } value ? Shared(value) : null;

    private string? Lower(string? text) => Trimmed(text) is { } value ? Shared(value.ToLowerInvariant()) : null;

    private string? Domain(string? text) => Trimmed(text) is { } value ? Shared(value.TrimEnd('.').ToLowerInvariant()) : null;

    private string Shared(string value)
    {
        if (pool.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (pool.Count < PoolSize)
        {
            pool[value] = value;
        }

        return value;
    }

    private static ReportFormatException Missing(string path) => new($"{path} is missing or empty.");

    private static ReportFormatException Invalid(string path, string value) => new($"{path} has the invalid value '{ReportFormatException.Shown(value)}'.");
}
