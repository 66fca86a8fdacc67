using Dmarc.Core.Monitoring;
using Dmarc.Core.Reports;
using Microsoft.Extensions.Logging;

namespace Dmarc.Core.Alerts;

/// <summary>
/// The daily DNS check of the record alerts (Record configuration change for DMARC, SPF and DKIM;
/// DMARC policy update). For every domain a subscription watches it reads the records once through
/// DnsClient, stores them as the day's state (a second run the same day replaces it: the last state
/// of the day stands), and compares them with the last state of the previous day that has one.
/// Only a difference between days raises an alert, so a record that flaps within a day raises
/// nothing. A DNS failure stores nothing and raises nothing. DKIM selectors are those seen in the
/// domain's reports (DKIM evidence of the contributions) of the last <see cref="RecordStates.SelectorDays"/> days.
/// </summary>
public sealed partial class RecordAlerts(
    IAlertSubscriptions subscriptions,
    IMonitoredDomains domains,
    IRecordLookup dns,
    IRecordObservations observations,
    IReportStore reports,
    ConfigurableAlerts configurable,
    TimeProvider time,
    ILogger<RecordAlerts> logger)
{
    private static readonly AlertType[] Types = [AlertType.RecordConfigurationChange, AlertType.DmarcPolicyUpdate];

    public async Task<AlertRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var today = AlertPeriod.Day(now);
        var fired = 0;
        var watched = (await subscriptions.ListAllAsync(cancellationToken)).Where(s => Types.Contains(s.Type)).ToArray();
        foreach (var account in watched.GroupBy(s => s.AccountId))
        {
            var subs = account.ToArray();
            var names = subs.Any(s => s.Domain is null)
                ? (await domains.ListAsync(account.Key, cancellationToken)).Select(d => d.Domain)
                : [];
            foreach (var domain in names.Concat(subs.Select(s => s.Domain).OfType<string>()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                foreach (var alert in await CheckAsync(account.Key, domain, today, now, cancellationToken))
                {
                    fired += await configurable.FireAsync(alert, subs, cancellationToken);
                }
            }
        }

        LogRun(today, fired);
        return new AlertRunResult(0, fired);
    }

    private async Task<List<AlertEvent>> CheckAsync(string accountId, string domain, DateOnly today, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = AlertPeriod.Start(today);
        var events = new List<AlertEvent>();
        var targets = new List<(RecordKind Kind, string Name, string Scope)>
        {
            (RecordKind.Dmarc, RecordStates.DmarcName(domain), "dmarc"),
            (RecordKind.Spf, domain, "spf"),
        };
        targets.AddRange((await SelectorsAsync(domain, today, cancellationToken)).Select(s => (RecordKind.Dkim, RecordStates.DkimName(domain, s), "dkim:" + s)));
        foreach (var (kind, name, scope) in targets)
        {
            var txt = await dns.TxtAsync(name, cancellationToken);
            if (txt is null)
            {
                LogDnsFailed(name);
                continue;
            }

            var values = RecordStates.Values(kind, txt);
            var previous = await observations.LatestBeforeAsync(domain, kind, name, today, cancellationToken);
            await observations.PutAsync(new RecordObservation(domain, kind, name, today, values, now), cancellationToken);
            if (previous is null || RecordStates.Same(previous.Values, values))
            {
                continue;
            }

            events.Add(new AlertEvent(
                AlertType.RecordConfigurationChange, accountId, domain, null, scope,
                $"The {kind.ToString().ToUpperInvariant()} record at {name} changed between {previous.Day:yyyy-MM-dd} and {today:yyyy-MM-dd}.",
                RecordStates.Describe(previous.Values), RecordStates.Describe(values),
                NextStep(kind), at) { Record = kind });
            if (kind == RecordKind.Dmarc && PolicyEvent(accountId, domain, previous, values, at) is { } policy)
            {
                events.Add(policy);
            }
        }

        return events;
    }

    private static AlertEvent? PolicyEvent(string accountId, string domain, RecordObservation previous, IReadOnlyList<string> values, DateTimeOffset at)
    {
        var before = RecordStates.Verdict(previous.Values);
        var after = RecordStates.Verdict(values);
        if (before == after)
        {
            return null;
        }

        var what = after.Problem is not null
            ? $"The DMARC record of {domain} has a problem: {after.Problem}."
            : before.Problem is not null
                ? $"The DMARC record of {domain} is valid again, with p={after.Policy}."
                : $"The DMARC policy of {domain} changed from p={before.Policy} to p={after.Policy}.";
        var next = after.Problem is not null
            ? "Fix the record at _dmarc." + domain + " (one TXT record starting v=DMARC1 with a p tag); until then receivers do not apply your policy."
            : after.Policy == "none"
                ? "At p=none receivers deliver spoofed mail; move back to quarantine or reject once your senders pass."
                : "Check the senders of the domain still pass DMARC, so legitimate mail is not " + (after.Policy == "reject" ? "rejected." : "quarantined.");
        return new AlertEvent(AlertType.DmarcPolicyUpdate, accountId, domain, null, "policy", what, before.ToString(), after.ToString(), next, at) { Record = RecordKind.Dmarc };
    }

    private async Task<IReadOnlyList<string>> SelectorsAsync(string domain, DateOnly today, CancellationToken cancellationToken)
    {
        var selectors = new SortedSet<string>(StringComparer.Ordinal);
        for (var day = today.AddDays(-RecordStates.SelectorDays); day <= today; day = day.AddDays(1))
        {
            foreach (var contribution in await reports.ContributionsAsync(domain, day, cancellationToken))
            {
                foreach (var dkim in contribution.Evidence.SelectMany(e => e.Dkim))
                {
                    if (dkim.Selector is { Length: > 0 and <= 63 } selector && string.Equals(dkim.Domain, domain, StringComparison.OrdinalIgnoreCase)
                        && selector.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                    {
                        selectors.Add(selector.ToLowerInvariant());
                    }
                }
            }
        }

        return [.. selectors.Take(RecordStates.MaxSelectors)];
    }

    private static string NextStep(RecordKind kind) => kind switch
    {
        RecordKind.Dmarc => "If you did not make this change, restore the DMARC record; a broken or missing record stops reports and your policy.",
        RecordKind.Spf => "If you did not make this change, restore the SPF record; senders missing from it fail SPF from now on.",
        _ => "If you did not make this change, restore the DKIM key; mail signed with this selector fails DKIM until it matches.",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Record check for {Day}: {Fired} alerts fired")]
    private partial void LogRun(DateOnly day, int fired);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record check: DNS failed for {Name}; nothing stored or compared today for it")]
    private partial void LogDnsFailed(string name);
}
