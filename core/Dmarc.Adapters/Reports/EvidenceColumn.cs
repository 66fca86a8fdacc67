using System.Text.Json;
using Dmarc.Core.Reports;

namespace Dmarc.Adapters.Reports;

/// <summary>
/// A contribution's <see cref="AuthEvidence"/> as one string property (compact JSON). The evidence
/// is bounded when it is built (<see cref="EvidenceBuilder"/>, about 21,000 characters at most);
/// anything over <see cref="MaxChars"/> drops identities from the end until it fits, so the value
/// always stays inside the Table service's limit for one property.
/// </summary>
internal static class EvidenceColumn
{
    public const string Name = "Evidence";
    public const int MaxChars = 30_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        // Stored, never put in a page: non-ASCII stays one character instead of a six-character escape.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(IReadOnlyList<AuthEvidence> evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var rows = evidence.Select(e => new Row(
            e.HeaderFrom,
            e.Dkim.Select(d => new Dkim(d.Domain, d.Selector, d.Result, d.Aligned)).ToArray(),
            e.Spf is { } s ? new Spf(s.Domain, s.Result, s.Aligned) : null,
            e.Messages)).ToList();
        var text = JsonSerializer.Serialize(rows, Json);
        while (text.Length > MaxChars && rows.Count > 0)
        {
            rows.RemoveAt(rows.Count - 1);
            text = JsonSerializer.Serialize(rows, Json);
        }

        return text;
    }

    public static IReadOnlyList<AuthEvidence> Read(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var rows = JsonSerializer.Deserialize<Row[]>(text, Json) ?? [];
        return rows.Length == 0 ? [] : rows.Select(r => new AuthEvidence(
            r.From,
            (r.Dkim ?? []).Select(d => new DkimEvidence(d.D, d.S, d.R, d.A)).ToArray(),
            r.Spf is { } s ? new SpfEvidence(s.D, s.R, s.A) : null,
            r.N)).ToArray();
    }

    private sealed record Row(string? From, Dkim[]? Dkim, Spf? Spf, long N);

    private sealed record Dkim(string D, string? S, string R, bool A);

    private sealed record Spf(string D, string R, bool A);
}
