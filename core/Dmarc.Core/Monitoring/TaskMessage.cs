using System.Globalization;
using Dmarc.Core.Notifications;

namespace Dmarc.Core.Monitoring;

/// <summary>
/// The e-mail that tells owners how an enable or disable task ended: each outcome in plain words
/// with what to do about it, the zones it concerns (up to <see cref="ZonesPerOutcome"/>, then how
/// many more and where the full list is), the counts as a table and the link to the reports.
/// The counts come first, then the outcomes that need the owner, then those that need nothing.
/// </summary>
public static class TaskMessage
{
    public const int ZonesPerOutcome = 20;

    public const string Caveat = "\"Completed\" means the task ran to the end without an error. It does not mean that every zone was changed: skipped and failed zones were left as they were.";

    public static string Subject(MonitoringTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return $"DMARC monitoring {(task.Kind == TaskKind.Enable ? "enablement" : "disablement")}{(task.DryRun ? " (dry run)" : "")} completed";
    }

    /// <param name="reportingAddress">The rua URI the service adds, quoted where the owner must add it by hand.</param>
    /// <param name="taskLink">The task in the API (every zone's outcome), or null to name the API path instead.</param>
    public static EmailLayout Compose(MonitoringTask task, IReadOnlyList<ZoneResult> results, string reportingAddress, Uri? reportsLink, Uri? taskLink)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(results);
        var counts = TaskCounts.From(results);
        var enable = task.Kind == TaskKind.Enable;
        var changed = counts.ByOutcome[Outcome.Created] + counts.ByOutcome[Outcome.Updated] + counts.ByOutcome[Outcome.Deleted];
        var layout = new EmailLayout(Subject(task)).Paragraph(enable
            ? $"We went through {Zones(task.Total)} of your account. {Zones(changed, "now sends its", "now send their")} DMARC aggregate reports to this service; {Zones(counts.ByOutcome[Outcome.Skipped] + counts.ByOutcome[Outcome.Failed], "was", "were")} left as they were. Below is what each group means and what to do."
            : $"We went through {Zones(task.Total)} of your account. {Zones(changed, "no longer sends its", "no longer send their")} DMARC aggregate reports to this service; {Zones(counts.ByOutcome[Outcome.Skipped] + counts.ByOutcome[Outcome.Failed], "was", "were")} left as they were.");

        layout.Table("Counts", Counts(task, counts, enable), numbers: true);
        var more = taskLink is null ? $"GET /api/tasks/{task.Id}" : null;
        foreach (var group in Groups(results, enable, reportingAddress).OrderBy(g => g.Order))
        {
            var shown = group.Zones.Take(ZonesPerOutcome).ToArray();
            var rest = group.Zones.Count - shown.Length;
            layout.Section(group.Heading, group.Text, shown,
                rest == 0 ? null : $"and {rest.ToString("N0", CultureInfo.InvariantCulture)} more; every zone is listed in the task: {more ?? ""}".TrimEnd(), rest == 0 ? null : taskLink);
        }

        if (reportsLink is not null)
        {
            layout.Button("See your DMARC reports", reportsLink);
        }

        return layout.Note($"{Caveat}\nTask {task.Id}.");
    }

    private static IEnumerable<(string Label, string Value)> Counts(MonitoringTask task, TaskCounts counts, bool enable)
    {
        yield return ("Zones in the task", N(task.Total));
        yield return ("Processed", N(counts.Processed));
        foreach (var (outcome, count) in counts.ByOutcome.Where(c => c.Value > 0))
        {
            yield return (outcome switch
            {
                Outcome.Created => "DMARC record created",
                Outcome.Updated => enable ? "Reporting address added" : "Reporting address removed",
                Outcome.Deleted => "DMARC record removed",
                Outcome.Skipped => "Left unchanged",
                _ => "Failed",
            }, N(count));
        }
    }

    private sealed record Group(int Order, string Heading, string Text, IReadOnlyList<string> Zones);

    private static IEnumerable<Group> Groups(IReadOnlyList<ZoneResult> results, bool enable, string rua)
    {
        foreach (var g in results.GroupBy(r => (r.Change.Outcome, r.Change.Reason)))
        {
            var zones = g.OrderBy(r => r.Zone, StringComparer.Ordinal)
                .Select(r => g.Key.Outcome == Outcome.Failed || g.Key.Reason == SkipReason.InvalidRecord ? $"{r.Zone}: {r.Change.Detail}" : r.Zone).ToArray();
            var n = zones.Length;
            yield return (g.Key.Outcome, g.Key.Reason) switch
            {
                (Outcome.Failed, _) => new Group(1, $"{Zones(n)} could not be changed",
                    $"An error stopped the change (shown with each zone), so nothing was changed on them. {(enable ? "Enable" : "Disable")} monitoring again later: zones that are done are skipped, so only these are tried again.", zones),
                (_, SkipReason.MultipleDmarcRecords) => new Group(2, $"{Zones(n, "has", "have")} two or more DMARC records",
                    $"{Zones(n, "has", "have")} more than one DMARC record; receivers ignore them all, so the domain has no DMARC policy. Remove all but one, then enable monitoring again.", zones),
                (_, SkipReason.InvalidRecord) => new Group(3, $"{Zones(n, "has", "have")} a DMARC record that is not valid",
                    "Receivers may ignore a record they cannot read. Correct it (the problem is shown with each zone), then enable monitoring again.", zones),
                (_, SkipReason.InPool) => new Group(4, $"{Zones(n, "serves", "serve")} DMARC from a traffic pool",
                    $"The _dmarc record of {Zones(n, "is", "are")} part of a load-balanced or dynamic record set, which we do not change. Replace it with a plain TXT record and enable monitoring again, or add {rua} to rua in each of its records yourself.", zones),
                (_, SkipReason.Delegated) => new Group(5, $"{Zones(n, "delegates", "delegate")} _dmarc elsewhere",
                    $"_dmarc is a CNAME or delegated with NS, so its record is served by someone else. Add {rua} to rua where it is served, or remove the delegation and enable monitoring again.", zones),
                (_, SkipReason.UnsupportedDnssec) => new Group(6, $"{Zones(n, "is", "are")} signed outside this platform",
                    $"These zones are signed with DNSSEC elsewhere (pre-signed); a change made here would break their signatures. Add {rua} to rua in the DMARC record where the zone is signed.", zones),
                (_, SkipReason.SecondaryZone) => new Group(7, Zones(n, "is a secondary zone", "are secondary zones"),
                    $"Their records come from another primary server. Add {rua} to rua in the DMARC record on the primary.", zones),
                (_, SkipReason.AliasZone) => new Group(8, Zones(n, "is an alias zone", "are alias zones"),
                    "They follow another zone's records. Enable monitoring on the zone they follow.", zones),
                (_, SkipReason.NameTooLong) => new Group(9, $"{Zones(n, "has a name", "have names")} too long to authorise",
                    "The authorisation record receivers look up before they send reports to this service (<domain>._report._dmarc.<reporting domain>) would be longer than DNS allows, so these domains cannot be monitored here.", zones),
                (Outcome.Created, _) => new Group(10, $"{Zones(n, "has", "have")} a new DMARC record",
                    $"{Zones(n, "had", "had")} no DMARC record. We published v=DMARC1; p=none; rua={rua}: reports now come to this service and mail delivery does not change. Nothing to do.", zones),
                (Outcome.Updated, _) when enable => new Group(11, $"{Zones(n, "sends", "send")} reports to this service now",
                    $"We added {rua} to rua in the existing DMARC record and kept everything else exactly as it was. Nothing to do.", zones),
                (Outcome.Updated, _) => new Group(11, $"{Zones(n, "no longer sends", "no longer send")} reports to this service",
                    $"We removed {rua} from rua and kept everything else exactly as it was. Nothing to do.", zones),
                (Outcome.Deleted, _) => new Group(12, $"{Zones(n, "had its", "had their")} DMARC record removed",
                    "We removed the DMARC record this service had published. Nothing to do.", zones),
                (_, SkipReason.AlreadyConfigured) => new Group(13, $"{Zones(n, "was", "were")} already monitored",
                    "Their DMARC record already sends reports to this service. Nothing to do.", zones),
                (_, SkipReason.NotConfigured) => new Group(13, $"{Zones(n, "was", "were")} not monitored",
                    "Their DMARC record does not send reports to this service, so nothing was changed. Nothing to do.", zones),
                _ => new Group(14, $"{Zones(n)} left unchanged", "These zones were left as they were.", zones),
            };
        }
    }

    /// <summary>"1 zone" or "3 zones", with the verb that agrees with it.</summary>
    private static string Zones(int n, string? singular = null, string? plural = null) =>
        $"{N(n)} {(n == 1 ? "zone" : "zones")}{(singular is null ? "" : " " + (n == 1 ? singular : plural))}";

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
