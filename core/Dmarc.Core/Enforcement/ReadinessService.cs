using System.Globalization;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Enforcement;

/// <summary>
/// Reads a domain's readiness for enforcement from the rollup (daily summaries per sender) and the
/// owner's sender decisions: enough days and messages of data, every approved sender Passing, and
/// little volume from senders nobody reviewed (thresholds in <see cref="EnforcementOptions"/>).
/// </summary>
public sealed class ReadinessService(RollupReader rollup, ISenderDecisions decisions, IOptions<EnforcementOptions> options)
{
    public async Task<EnforcementReadiness> ReadAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var o = options.Value;
        var to = rollup.Today.AddDays(-1);
        var from = to.AddDays(1 - o.PeriodDays);
        var days = await rollup.DaysAsync(domain, from, to, cancellationToken);
        var decided = await DecisionsAsync(domain, cancellationToken);
        return Evaluate(domain, from, to, days, decided, o);
    }

    /// <summary>The approved senders that are not Passing over the last <see cref="EnforcementOptions.StepBackDays"/> days (ending yesterday): the reason to step back.</summary>
    public async Task<IReadOnlyList<ApprovedSenderStanding>> FailingApprovedAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var to = rollup.Today.AddDays(-1);
        var from = to.AddDays(1 - options.Value.StepBackDays);
        var window = RollupReader.Sum(domain, from, to, await rollup.DaysAsync(domain, from, to, cancellationToken));
        var decided = await DecisionsAsync(domain, cancellationToken);
        return [.. Standings(window, decided).Where(s => s.Band != PassBand.Passing)];
    }

    public static EnforcementReadiness Evaluate(string domain, DateOnly from, DateOnly to, IReadOnlyList<DailySummary> days, IReadOnlyDictionary<string, SenderDecision> decided, EnforcementOptions o)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(decided);
        ArgumentNullException.ThrowIfNull(o);
        var window = RollupReader.Sum(domain, from, to, days);
        var daysWithData = days.Count(d => d.Day >= from && d.Day <= to && d.Total.Messages > 0);
        var approved = Standings(window, decided);
        var unreviewed = window.Senders.Where(s => !decided.ContainsKey(s.SenderId)).Sum(s => s.Counts.Messages);
        var unreviewedPercent = window.Total.Messages == 0 ? 0 : Math.Round(100.0 * unreviewed / window.Total.Messages, 2, MidpointRounding.AwayFromZero);

        var common = new List<ReadinessReason>();
        if (daysWithData < o.MinDaysWithData)
        {
            common.Add(new(ReadinessCode.TooFewDays, $"Reports cover {daysWithData} of the {o.PeriodDays} days from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}; at least {o.MinDaysWithData} are needed."));
        }

        if (window.Total.Messages < o.MinMessages)
        {
            common.Add(new(ReadinessCode.TooFewMessages, $"Reports show {N(window.Total.Messages)} messages from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}; at least {N(o.MinMessages)} are needed to judge the senders."));
        }

        if (approved.Count == 0)
        {
            common.Add(new(ReadinessCode.NoApprovedSender, "No approved sender sent mail in the period: approve the services and servers that send your mail, so enforcement knows which mail must keep passing."));
        }

        common.AddRange(approved.Where(s => s.Band != PassBand.Passing).Select(s => new ReadinessReason(
            ReadinessCode.ApprovedSenderBelowPassing,
            $"The approved sender {s.Name} ({s.SenderId}) passed DMARC for {N(s.DmarcPass)} of {N(s.Messages)} messages ({P(s.PassRate)} %), {P(s.PointsBelowPassing)} points below Passing ({PassBands.PassingFrom} %): {N(s.PassesShort)} more would have had to pass. Fix its SPF or DKIM alignment first.",
            s.SenderId)));

        LevelReadiness Level(double maxUnreviewed, string policy)
        {
            var reasons = new List<ReadinessReason>(common);
            if (unreviewedPercent > maxUnreviewed)
            {
                reasons.Add(new(ReadinessCode.UnreviewedVolume, $"{N(unreviewed)} of {N(window.Total.Messages)} messages ({P(unreviewedPercent)} %) came from senders neither approved nor denied; {policy} needs at most {P(maxUnreviewed)} %. Review the senders list: approve what is yours, deny the rest."));
            }

            return new LevelReadiness(reasons.Count == 0, reasons);
        }

        return new EnforcementReadiness(domain, from, to, window.Total.Messages, daysWithData, unreviewed, unreviewedPercent, approved,
            Level(o.MaxUnreviewedPercent, "quarantine"), Level(o.RejectMaxUnreviewedPercent, "reject"));
    }

    private static List<ApprovedSenderStanding> Standings(RollupWindow window, IReadOnlyDictionary<string, SenderDecision> decided) =>
        [.. window.Senders.Where(s => decided.TryGetValue(s.SenderId, out var d) && d == SenderDecision.Approved && s.Counts.Messages > 0)
            .Select(s =>
            {
                var passesShort = Math.Max(0, ((PassBands.PassingFrom * s.Counts.Messages) + 99) / 100 - s.Counts.DmarcPass);
                var below = Math.Max(0, Math.Round(PassBands.PassingFrom - (100.0 * s.Counts.DmarcPass / s.Counts.Messages), 1, MidpointRounding.AwayFromZero));
                return new ApprovedSenderStanding(s.SenderId, s.Name, s.Counts.Messages, s.Counts.DmarcPass, s.Counts.DmarcPassRate, s.Counts.Band, s.Counts.Band == PassBand.Passing ? 0 : below, s.Counts.Band == PassBand.Passing ? 0 : passesShort);
            })];

    private async Task<IReadOnlyDictionary<string, SenderDecision>> DecisionsAsync(string domain, CancellationToken cancellationToken) =>
        (await decisions.ListAsync(domain, cancellationToken)).GroupBy(d => d.SenderId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(d => d.DecidedAt).Last().Decision, StringComparer.Ordinal);

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string P(double p) => p.ToString("0.0##", CultureInfo.InvariantCulture);
}
