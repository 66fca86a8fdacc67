namespace Dmarc.Core.Overview;

/// <summary>The charts of the overview and the executive report; <see cref="OverviewCharts.Slug"/> is the name in the URL.</summary>
public enum OverviewChart
{
    Disposition,
    DmarcStatus,
    AuthenticationFailures,
    EnforcementStatus,
    SuspiciousCountries,
}

/// <summary>Port: renders a chart of an overview as a PNG (ScottPlot in production).</summary>
public interface IChartRenderer
{
    byte[] RenderPng(OverviewChart chart, AccountOverview overview, int width, int height);
}

public static class OverviewCharts
{
    public const int DefaultWidth = 800;
    public const int DefaultHeight = 400;

    /// <summary>Title, URL name and alt text of each chart.</summary>
    public static string Slug(OverviewChart chart) => chart switch
    {
        OverviewChart.Disposition => "disposition",
        OverviewChart.DmarcStatus => "dmarc-status",
        OverviewChart.AuthenticationFailures => "authentication-failures",
        OverviewChart.EnforcementStatus => "enforcement-status",
        OverviewChart.SuspiciousCountries => "suspicious-countries",
        _ => throw new ArgumentOutOfRangeException(nameof(chart), chart, null),
    };

    public static string Title(OverviewChart chart) => chart switch
    {
        OverviewChart.Disposition => "Email disposition per day",
        OverviewChart.DmarcStatus => "DMARC pass and fail per day",
        OverviewChart.AuthenticationFailures => "SPF and DKIM authentication failure rates per day",
        OverviewChart.EnforcementStatus => "Enforcement status of your domains",
        OverviewChart.SuspiciousCountries => "Top countries of suspicious (unidentified) mail",
        _ => throw new ArgumentOutOfRangeException(nameof(chart), chart, null),
    };

    public static OverviewChart? FromSlug(string slug) =>
        Enum.GetValues<OverviewChart>().Cast<OverviewChart?>().FirstOrDefault(c => Slug(c!.Value) == slug);

    /// <summary>What the chart shows, in words, for readers who cannot see it (alt text, and the text part of the report).</summary>
    public static string AltText(OverviewChart chart, AccountOverview overview)
    {
        ArgumentNullException.ThrowIfNull(overview);
        var t = overview.Totals;
        var period = $"{overview.From:yyyy-MM-dd} to {overview.To:yyyy-MM-dd}";
        return chart switch
        {
            OverviewChart.Disposition => $"{Title(chart)}, {period}: {t.Delivered:N0} delivered, {t.Quarantined:N0} quarantined, {t.Rejected:N0} rejected.",
            OverviewChart.DmarcStatus => $"{Title(chart)}, {period}: {t.Authenticated:N0} passed DMARC, {t.Failing:N0} failed ({t.AuthenticatedRate:0.0} % authenticated).",
            OverviewChart.AuthenticationFailures => $"{Title(chart)}, {period}: highest SPF failure rate {Max(overview, d => d.SpfFailureRate):0.0} %, highest DKIM failure rate {Max(overview, d => d.DkimFailureRate):0.0} %.",
            OverviewChart.EnforcementStatus => $"{Title(chart)}: " + string.Join(", ", overview.Enforcement.Select(e => $"{e.Value} {Label(e.Key)}")) + ".",
            OverviewChart.SuspiciousCountries => overview.SuspiciousCountries.Count == 0
                ? $"{Title(chart)}, {period}: no unidentified mail."
                : $"{Title(chart)}, {period}: " + string.Join(", ", overview.SuspiciousCountries.Select(c => $"{c.Country} {c.Messages:N0}")) + ".",
            _ => throw new ArgumentOutOfRangeException(nameof(chart), chart, null),
        };
    }

    public static string Label(EnforcementStatus status) => status switch
    {
        EnforcementStatus.AtEnforcement => "at enforcement",
        EnforcementStatus.NotAtEnforcement => "not at enforcement",
        EnforcementStatus.Blocked => "blocked",
        EnforcementStatus.NotSending => "not sending",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static double Max(AccountOverview overview, Func<OverviewDay, double> rate) =>
        overview.Days.Where(d => d.Messages > 0).Select(rate).DefaultIfEmpty(0).Max();
}
