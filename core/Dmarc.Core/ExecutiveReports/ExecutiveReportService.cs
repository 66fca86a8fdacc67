using Dmarc.Core.Accounts;
using Dmarc.Core.Alerts;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Overview;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.ExecutiveReports;

/// <summary>
/// Produces the weekly and monthly executive reports. For each account with monitored domains, an
/// edition that has the Executive report ready alert and a subscription of the cadence, it builds the
/// overview of the last complete period from the rollup, renders the charts, mails the report to
/// each subscription as the alert (once per subscription and period, through the alert markers and
/// the outbox) and then stores the page. The stored page is the last step, so a run that failed
/// part-way builds the report again and the markers keep anyone from getting it twice; an account
/// whose page for the period exists is done.
/// </summary>
public sealed partial class ExecutiveReportService(
    IMonitoredDomains monitored,
    IAccountStore accounts,
    IAlertSubscriptions subscriptions,
    OverviewService overviews,
    IChartRenderer charts,
    IExecutiveReportArchive archive,
    ExecutiveReportAlerts alerts,
    IOptions<MonitoringOptions> options,
    TimeProvider time,
    ILogger<ExecutiveReportService> logger)
{
    /// <summary>How many reports were produced now (accounts done already are not counted).</summary>
    public async Task<int> ProduceAsync(AlertCadence cadence, CancellationToken cancellationToken = default)
    {
        var (from, to) = ReportPeriod.LastComplete(cadence, AlertPeriod.Day(time.GetUtcNow()));
        var id = ReportPeriod.Id(cadence, from);
        var produced = 0;
        foreach (var accountId in (await monitored.ListAllAsync(cancellationToken)).Select(d => d.AccountId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (await WantsAsync(accountId, cadence, cancellationToken) && !await archive.ExistsAsync(accountId, id, cancellationToken))
            {
                await ProduceAsync(accountId, cadence, id, from, to, cancellationToken);
                produced++;
            }
        }

        LogRun(cadence, from, to, produced);
        return produced;
    }

    private async Task<bool> WantsAsync(string accountId, AlertCadence cadence, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(accountId, cancellationToken);
        return account is not null
            && AlertRule.ByType[AlertType.ExecutiveReportReady].Editions.Contains(account.Edition)
            && (await subscriptions.ListAsync(accountId, cancellationToken)).Any(s => s.Type == AlertType.ExecutiveReportReady && s.Cadence == cadence);
    }

    private async Task ProduceAsync(string accountId, AlertCadence cadence, string id, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var overview = await overviews.BuildAsync(accountId, from, to, cancellationToken);
        var images = Enum.GetValues<OverviewChart>().ToDictionary(c => c, c => charts.RenderPng(c, overview, OverviewCharts.DefaultWidth, OverviewCharts.DefaultHeight));
        var location = Location(id);
        var report = new ExecutiveReport(accountId, cadence, from, to, location);
        var sent = await alerts.ReportReadyAsync(report, ExecutiveReportMessage.Email(overview, cadence, images, location), cancellationToken);
        await archive.AddAsync(new StoredExecutiveReport(accountId, id, cadence, from, to, time.GetUtcNow()), ExecutiveReportMessage.Page(overview, cadence, images, location), cancellationToken);
        LogProduced(accountId, id, sent);
    }

    /// <summary>Where the reader opens the report: the reporting UI's page of it.</summary>
    private Uri Location(string id) => new(options.Value.ReportingUiUrl!.ToString().TrimEnd('/') + "/executive-reports/" + id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Executive report {Id} of account {AccountId} stored; mailed to {Sent} subscriptions now")]
    private partial void LogProduced(string accountId, string id, int sent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Executive reports ({Cadence}, {From} to {To}): {Produced} produced")]
    private partial void LogRun(AlertCadence cadence, DateOnly from, DateOnly to, int produced);
}
