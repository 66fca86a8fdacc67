using Dmarc.Core.Reports;

namespace Dmarc.Cli;

/// <summary>The CLI's JSON shape of a normalised report (camelCase, times in ISO 8601 UTC).</summary>
public sealed record ReportJson(
    string OrgName,
    string ReportId,
    string PolicyDomain,
    string Begin,
    string End,
    PolicyJson Policy,
    IReadOnlyList<RecordJson> Records)
{
    public static ReportJson From(AggregateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var p = report.Policy;
        return new ReportJson(
            report.OrgName,
            report.ReportId,
            p.Domain,
            Iso(report.Begin),
            Iso(report.End),
            new PolicyJson(p.P, p.Sp, p.Np, p.Adkim, p.Aspf, p.Pct, p.Testing),
            report.Records.Select(r => new RecordJson(
                r.SourceIp, r.Count, r.Disposition, r.Dkim, r.Spf, r.HeaderFrom, r.EnvelopeFrom,
                r.DkimResults.Select(d => new DkimJson(d.Domain, d.Selector, d.Result)).ToArray(),
                r.SpfResults.Select(s => new SpfJson(s.Domain, s.Scope, s.Result)).ToArray())).ToArray());
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record PolicyJson(string? P, string? Sp, string? Np, string? Adkim, string? Aspf, int? Pct, string? Testing);

public sealed record RecordJson(
    string SourceIp, long Count, string? Disposition, string? Dkim, string? Spf, string? HeaderFrom, string? EnvelopeFrom,
    IReadOnlyList<DkimJson> DkimResults, IReadOnlyList<SpfJson> SpfResults);

public sealed record DkimJson(string? Domain, string? Selector, string Result);

public sealed record SpfJson(string? Domain, string? Scope, string Result);
