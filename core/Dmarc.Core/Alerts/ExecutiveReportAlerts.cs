namespace Dmarc.Core.Alerts;

/// <summary>
/// The hook of the Executive report ready alert: the report producer (issue 11) calls
/// <see cref="ReportReadyAsync"/> once a report is stored; the subscriptions of that cadence get
/// it, each once per report period however often the producer calls.
/// </summary>
public sealed class ExecutiveReportAlerts(IAlertSubscriptions subscriptions, ConfigurableAlerts configurable)
{
    /// <summary>How many subscriptions got the alert now.</summary>
    /// <param name="message">The report itself as the e-mail (its charts inline); null sends the short alert with the link.</param>
    public async Task<int> ReportReadyAsync(ExecutiveReport report, Notifications.EmailMessage? message = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var subs = (await subscriptions.ListAsync(report.AccountId, cancellationToken)).Where(s => s.Type == AlertType.ExecutiveReportReady && s.Cadence == report.Cadence).ToArray();
        var label = $"{report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd}";
        var alert = new AlertEvent(
            AlertType.ExecutiveReportReady, report.AccountId, null, null, $"{report.Cadence}-{report.From:yyyyMMdd}",
            $"Your {report.Cadence.ToString().ToLowerInvariant()} executive report for {label} is ready.",
            null, report.Location.ToString(),
            $"Read the report at {report.Location}.",
            AlertPeriod.Start(report.To)) { Message = message };
        return await configurable.FireAsync(alert, subs, cancellationToken);
    }
}

/// <summary>A produced executive report: whose, which cadence and days, and where to read it.</summary>
public sealed record ExecutiveReport(string AccountId, AlertCadence Cadence, DateOnly From, DateOnly To, Uri Location);
