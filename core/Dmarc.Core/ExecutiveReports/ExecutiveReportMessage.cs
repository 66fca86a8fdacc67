using System.Globalization;
using System.Text;
using Dmarc.Core.Alerts;
using Dmarc.Core.Notifications;
using Dmarc.Core.Overview;

namespace Dmarc.Core.ExecutiveReports;

/// <summary>
/// The executive report as an e-mail and as a stored page, from one overview and its charts: the
/// headline numbers, every chart (inline <c>cid:</c> images in the e-mail, <c>data:</c> images in
/// the page, each with alt text saying what it shows), the domains not at enforcement, and per domain
/// its passing and failing services. Laid out for mail clients: nested tables and inline styles, no
/// CSS grid, no external style sheets or scripts, 600 px wide at most.
/// </summary>
public static class ExecutiveReportMessage
{
    public const string Subject = AlertMessages.ExecutiveReportSubject;

    /// <summary>Services listed per domain and list, largest first.</summary>
    public const int ServicesPerDomain = 5;

    private const string Cell = EmailLayout.Cell;

    public static string ContentId(OverviewChart chart) => OverviewCharts.Slug(chart) + "@executive-report";

    public static EmailMessage Email(AccountOverview overview, AlertCadence cadence, IReadOnlyDictionary<OverviewChart, byte[]> charts, Uri location)
    {
        ArgumentNullException.ThrowIfNull(charts);
        var html = Layout(overview, cadence, charts.Keys, c => "cid:" + ContentId(c), location).Html();
        return new EmailMessage([], Subject, Text(overview, cadence, location), html)
        {
            Images = [.. charts.Select(c => new InlineImage(ContentId(c.Key), OverviewCharts.Slug(c.Key) + ".png", c.Value))],
        };
    }

    /// <summary>The stored page: the same content, the charts embedded, so it shows on its own.</summary>
    public static string Page(AccountOverview overview, AlertCadence cadence, IReadOnlyDictionary<OverviewChart, byte[]> charts, Uri location)
    {
        ArgumentNullException.ThrowIfNull(charts);
        return Layout(overview, cadence, charts.Keys, c => "data:image/png;base64," + Convert.ToBase64String(charts[c]), location).Html();
    }

    public static string Heading(AccountOverview overview, AlertCadence cadence)
    {
        ArgumentNullException.ThrowIfNull(overview);
        return $"{(cadence == AlertCadence.Monthly ? "Monthly" : "Weekly")} DMARC report, {overview.From:d MMM yyyy} to {overview.To:d MMM yyyy}";
    }

    public static IReadOnlyList<(string Label, string Value)> Headlines(AccountOverview overview)
    {
        ArgumentNullException.ThrowIfNull(overview);
        var t = overview.Totals;
        var enforced = overview.Enforcement[EnforcementStatus.AtEnforcement] + overview.Enforcement[EnforcementStatus.Blocked];
        return
        [
            ("Messages", N(t.Messages)),
            ("Authenticated (DMARC pass)", $"{N(t.Authenticated)} ({t.AuthenticatedRate.ToString("0.0", CultureInfo.InvariantCulture)} %)"),
            ("Failing DMARC", N(t.Failing)),
            ("Quarantined by receivers", N(t.Quarantined)),
            ("Rejected by receivers", N(t.Rejected)),
            ("Domains at enforcement or blocked", $"{enforced} of {overview.Domains.Count}"),
        ];
    }

    /// <summary>The shared e-mail layout: the heading, the headline numbers, then the report's own rows.</summary>
    private static EmailLayout Layout(AccountOverview overview, AlertCadence cadence, IEnumerable<OverviewChart> charts, Func<OverviewChart, string> source, Uri location)
    {
        var layout = new EmailLayout(Heading(overview, cadence)).Table("Headline numbers", Headlines(overview), numbers: true);
        var h = new StringBuilder();
        foreach (var chart in charts)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:8px 16px\"><img src=\"{E(source(chart))}\" alt=\"{E(OverviewCharts.AltText(chart, overview))}\" width=\"568\" style=\"display:block;width:100%;max-width:568px;height:auto;border:0\"></td></tr>");
        }

        NotAtEnforcement(h, overview);
        Services(h, overview);
        return layout.Raw(h.ToString(), "").Button("Open this report in your browser", location);
    }

    private static void NotAtEnforcement(StringBuilder h, AccountOverview overview)
    {
        var open = overview.Domains.Where(d => d.Enforcement is EnforcementStatus.NotAtEnforcement or EnforcementStatus.NotSending).ToArray();
        h.Append("<tr><td style=\"padding:16px\"><h2 style=\"font-size:16px;margin:0 0 8px\">Domains not at enforcement</h2>");
        if (open.Length == 0)
        {
            h.Append("<p style=\"font-size:14px;margin:0\">Every domain is at enforcement or blocked.</p></td></tr>");
            return;
        }

        h.Append(CultureInfo.InvariantCulture, $"<table width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-size:14px;table-layout:fixed\"><tr><th style=\"{Cell}\">Domain</th><th style=\"{Cell}\">Status</th><th style=\"{Cell}\">Policy</th><th style=\"{Cell};text-align:right\">Messages</th></tr>");
        foreach (var d in open)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{Cell}\">{E(d.Domain)}</td><td style=\"{Cell}\">{E(OverviewCharts.Label(d.Enforcement))}</td><td style=\"{Cell}\">{E(Policy(d))}</td><td style=\"{Cell};text-align:right\">{N(d.Messages)}</td></tr>");
        }

        h.Append("</table></td></tr>");
    }

    private static void Services(StringBuilder h, AccountOverview overview)
    {
        h.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:16px\"><h2 style=\"font-size:16px;margin:0 0 8px\">Services per domain</h2><table width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-size:14px;table-layout:fixed\"><tr><th style=\"{Cell}\">Domain</th><th style=\"{Cell}\">Passing</th><th style=\"{Cell}\">Failing</th></tr>");
        foreach (var d in overview.Domains)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{Cell}\">{E(d.Domain)}</td><td style=\"{Cell}\">{ServiceList(d.Passing)}</td><td style=\"{Cell}\">{ServiceList(d.Failing)}</td></tr>");
        }

        h.Append("</table></td></tr>");
    }

    private static string ServiceList(IReadOnlyList<ServiceRate> services) =>
        services.Count == 0 ? "none" : string.Join("<br>", Top(services).Select(s => E(Service(s))))
            + (services.Count > ServicesPerDomain ? $"<br>and {services.Count - ServicesPerDomain} more" : "");

    private static string Text(AccountOverview overview, AlertCadence cadence, Uri location)
    {
        var t = new StringBuilder().AppendLine(Heading(overview, cadence)).AppendLine();
        foreach (var (label, value) in Headlines(overview))
        {
            t.Append(label).Append(": ").AppendLine(value);
        }

        t.AppendLine().AppendLine("Charts");
        foreach (var chart in Enum.GetValues<OverviewChart>())
        {
            t.Append("- ").AppendLine(OverviewCharts.AltText(chart, overview));
        }

        t.AppendLine().AppendLine("Domains not at enforcement");
        var open = overview.Domains.Where(d => d.Enforcement is EnforcementStatus.NotAtEnforcement or EnforcementStatus.NotSending).ToArray();
        if (open.Length == 0)
        {
            t.AppendLine("Every domain is at enforcement or blocked.");
        }

        foreach (var d in open)
        {
            t.Append(CultureInfo.InvariantCulture, $"- {d.Domain}: {OverviewCharts.Label(d.Enforcement)}, {Policy(d)}, {N(d.Messages)} messages").AppendLine();
        }

        t.AppendLine().AppendLine("Services per domain");
        foreach (var d in overview.Domains)
        {
            t.Append(CultureInfo.InvariantCulture, $"- {d.Domain}: passing {TextList(d.Passing)}; failing {TextList(d.Failing)}").AppendLine();
        }

        return t.AppendLine().Append("Open this report in your browser: ").AppendLine(location.ToString()).ToString();
    }

    private static string TextList(IReadOnlyList<ServiceRate> services) =>
        services.Count == 0 ? "none" : string.Join(", ", Top(services).Select(Service)) + (services.Count > ServicesPerDomain ? $" and {services.Count - ServicesPerDomain} more" : "");

    private static IEnumerable<ServiceRate> Top(IReadOnlyList<ServiceRate> services) =>
        services.OrderByDescending(s => s.Messages).ThenBy(s => s.SenderId, StringComparer.Ordinal).Take(ServicesPerDomain);

    private static string Service(ServiceRate s) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.Name} ({s.DmarcPassRate:0.0} % of {N(s.Messages)})");

    private static string Policy(DomainOverview d) =>
        d.Policy is null ? "no report yet" : d.Pct is { } pct and < 100 ? $"p={d.Policy}; pct={pct}" : $"p={d.Policy}";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string E(string value) => EmailLayout.E(value);
}
