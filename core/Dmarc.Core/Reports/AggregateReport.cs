namespace Dmarc.Core.Reports;

/// <summary>A DMARC aggregate report (RFC 7489 Appendix C, RFC 9990), normalised.</summary>
public sealed record AggregateReport(
    string OrgName,
    string? Email,
    string? ExtraContactInfo,
    string ReportId,
    DateTimeOffset Begin,
    DateTimeOffset End,
    string? Generator,
    string? Version,
    PublishedPolicy Policy,
    IReadOnlyList<string> Errors,
    IReadOnlyList<ReportRecord> Records)
{
    public long Messages => Records.Sum(r => r.Count);
}

/// <summary>The DMARC policy the receiver found for the domain.</summary>
public sealed record PublishedPolicy(
    string Domain,
    string? P,
    string? Sp,
    string? Np,
    string? Adkim,
    string? Aspf,
    int? Pct,
    string? Fo,
    string? Testing,
    string? DiscoveryMethod);

/// <summary>Messages from one source IP with one set of results.</summary>
public sealed record ReportRecord(
    string SourceIp,
    long Count,
    string? Disposition,
    string? Dkim,
    string? Spf,
    IReadOnlyList<PolicyReason> Reasons,
    string? HeaderFrom,
    string? EnvelopeFrom,
    string? EnvelopeTo,
    IReadOnlyList<DkimAuthResult> DkimResults,
    IReadOnlyList<SpfAuthResult> SpfResults);

public sealed record PolicyReason(string Type, string? Comment);

public sealed record DkimAuthResult(string? Domain, string? Selector, string Result, string? HumanResult);

public sealed record SpfAuthResult(string? Domain, string? Scope, string Result, string? HumanResult);

/// <summary>Why input is not a report, naming the element or container at fault.</summary>
public sealed class ReportFormatException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when the message already names the part at fault (a size limit or a corrupt layer, raised while streaming).</summary>
    internal bool NamesPart { get; init; }

    /// <summary>A value as quoted in a message: at most 64 characters, so a hostile value cannot flood the quarantine reason.</summary>
    internal static string Shown(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 61), "...");
}

/// <summary>
/// Bounds enforced while reading, so hostile input cannot exhaust memory (section <c>Reports</c>).
/// <see cref="MaxDecompressedBytes"/> bounds each inflated part; <see cref="MaxDocumentDecompressedBytes"/>
/// is one budget that every part of a document (attachments, zip entries, nested messages) shares.
/// </summary>
public sealed record ReportLimits(long MaxCompressedBytes, long MaxDecompressedBytes, long MaxDocumentDecompressedBytes, int MaxRecords, int MaxXmlDepth)
{
    public const string Section = "Reports";

    public static readonly ReportLimits Default = new(25 * 1024 * 1024, 200 * 1024 * 1024, 256 * 1024 * 1024, 500_000, 32);

    /// <summary>
    /// More messages than this in one record is refused: it is more than the whole world's mail
    /// of a day from one address, and keeps every sum of a report (at most
    /// <see cref="MaxRecords"/> records) far from overflowing.
    /// </summary>
    public const long MaxRecordCount = 10_000_000_000;

    /// <summary>Timestamps from 2100 on are refused: no receiver reports them, and day arithmetic stays far from year 9999.</summary>
    public const long LatestTimestamp = 4_102_444_800;

    /// <summary>
    /// The longest date range a report may cover, in days (default 31). Receivers report a day
    /// (RFC 7489 section 7.2: 86,400 seconds by default), a few catch up on a week or so after an
    /// outage; a longer range is not an aggregate report's and would be spread over that many days.
    /// </summary>
    public int MaxRangeDays { get; init; } = 31;

    public ReportLimits()
        : this(Default.MaxCompressedBytes, Default.MaxDecompressedBytes, Default.MaxDocumentDecompressedBytes, Default.MaxRecords, Default.MaxXmlDepth)
    {
    }
}
