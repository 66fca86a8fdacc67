using Dmarc.Core.Dns;
using Dmarc.Core.Reports;
using Dmarc.Core.Validation;

namespace Dmarc.Functions.Api;

/// <summary>A report in a list: its header only.</summary>
public sealed record ReportSummary(string Id, string OrgName, string ReportId, string PolicyDomain, DateTimeOffset Begin, DateTimeOffset End, DateTimeOffset IngestedAt)
{
    public static ReportSummary From(StoredReport stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var r = stored.Report;
        return new ReportSummary(stored.Key, r.OrgName, r.ReportId, r.Policy.Domain, r.Begin, r.End, stored.IngestedAt);
    }
}

/// <summary>A page of reports and the token of the next page, if any.</summary>
public sealed record ReportPage(IReadOnlyList<ReportSummary> Reports, string? Next);

/// <summary>Paging of report lists: ?domain=&amp;from=&amp;to=&amp;pageSize=&amp;continuation=.</summary>
public static class ReportListing
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    /// <summary>What is wrong with the paging values; empty when the page can be read.</summary>
    public static ValidationErrors Check(IReportStore store, string? domain, DateTimeOffset? from, DateTimeOffset? to, int? pageSize, string? continuation)
    {
        ArgumentNullException.ThrowIfNull(store);
        var errors = new ValidationErrors();
        if (domain is not null && !DnsNames.IsDomain(domain))
        {
            errors.Add("domain", ApiProblems.NotADomain(domain));
        }

        if (from > to)
        {
            errors.Add("from", $"'from' ({from:O}) is after 'to' ({to:O}).");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"'pageSize' is between 1 and {MaxPageSize}; {pageSize} is not.");
        }

        if (continuation is not null && !store.IsContinuation(continuation))
        {
            errors.Add("continuation", "This is not a continuation token of this list: pass the 'next' value of the previous page unchanged, or leave it out to start at the first page.");
        }

        return errors;
    }

    public static async Task<ReportPage> PageAsync(IReportStore store, string accountId, string? domain, DateTimeOffset? from, DateTimeOffset? to, int? pageSize, string? continuation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        // Policy domains are stored in normal form (punycode), so "bücher.example" finds "xn--bcher-kva.example".
        var normal = domain is null ? null : DnsNames.Normalize(domain);
        var (reports, next) = await store.ListAsync(accountId, normal, from, to, Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize), continuation, cancellationToken);
        return new ReportPage(reports.Select(ReportSummary.From).ToArray(), next);
    }
}
