using System.Net;
using Dmarc.Core.IpData;
using Dmarc.Core.Reports;
using Dmarc.Core.Rollup;
using Microsoft.Extensions.Logging;

namespace Dmarc.Core.Senders;

/// <summary>The outcome of approving or denying a sender.</summary>
public abstract record SenderDecisionResult
{
    public sealed record Decided(SenderSummary Sender) : SenderDecisionResult;

    public sealed record UnknownSender : SenderDecisionResult;

    public sealed record Refused(string Title, string Detail) : SenderDecisionResult;
}

/// <summary>
/// Senders per domain (PRODUCT.md §3, §4): the domain's contributions over a window of days,
/// grouped by each IP's stored classification into services, forwarders, hosted servers (one row
/// per IP) and unidentified traffic, with volumes, rates, top countries and the owner's decisions.
/// Each row also carries its band and rates from the latest rollup (the rolling 30-day window
/// ending on the list's last day, see <see cref="RollupReader"/>).
/// </summary>
public sealed partial class DomainSendersService(
    IContributionLookup contributions,
    ISenderClassifications classifications,
    ISenderDecisions decisions,
    IIpIntelligence ipData,
    SenderCatalogue catalogue,
    RollupReader rollup,
    Spf.SpfApprovals spf,
    TimeProvider time,
    ILogger<DomainSendersService> logger)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;
    private const int TopCountries = 5;

    /// <summary>The window ending on <paramref name="to"/> (today, UTC, when null) and going back <paramref name="days"/> days.</summary>
    public (DateOnly From, DateOnly To) Window(int days, DateOnly? to)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        var end = to ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return (end.AddDays(1 - days), end);
    }

    public async Task<DomainSenders> ListAsync(string domain, int days, DateOnly? to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var (from, end) = Window(days, to);
        var rows = await contributions.RangeAsync(domain, from, end, cancellationToken);
        var classes = (await classifications.ListAsync(domain, cancellationToken)).ToDictionary(c => c.Ip, StringComparer.Ordinal);
        var decided = (await decisions.ListAsync(domain, cancellationToken)).ToDictionary(d => d.SenderId, d => d.Decision, StringComparer.Ordinal);
        var window = await rollup.WindowAsync(domain, end, cancellationToken);
        var perIp = rows.GroupBy(r => r.SourceIp, StringComparer.Ordinal).Select(g => new IpTraffic(
            g.Key,
            g.Aggregate(SenderVolume.Zero, (v, r) => v.Add(new SenderVolume(r.Total, r.DmarcPass, r.SpfAlignedPass, r.DkimAlignedPass))),
            classes.GetValueOrDefault(g.Key),
            Country(g.Key, classes.GetValueOrDefault(g.Key)))).ToArray();

        SenderSummary Summary(string id, SenderClass kind, string name, IReadOnlyList<IpTraffic> traffic)
        {
            var first = traffic.Count == 1 ? traffic[0] : null;
            var service = traffic.Select(t => t.Class?.ServiceId).FirstOrDefault(s => s is not null) is { } serviceId ? catalogue.ServiceById(serviceId) : null;
            return new SenderSummary(
                id, kind, name, service?.Category,
                kind == SenderClass.HostedServer ? first?.Ip : null,
                kind == SenderClass.HostedServer ? first?.Country : null,
                kind == SenderClass.HostedServer ? first?.Class?.Facts.Asn : null,
                traffic.Aggregate(SenderVolume.Zero, (v, t) => v.Add(t.Volume)),
                traffic.Count,
                traffic.Where(t => t.Country is not null).GroupBy(t => t.Country!).Select(c => new CountryVolume(c.Key, c.Sum(t => t.Volume.Messages)))
                    .OrderByDescending(c => c.Messages).ThenBy(c => c.Country, StringComparer.Ordinal).Take(TopCountries).ToArray(),
                decided.TryGetValue(id, out var decision) ? decision : null)
            {
                Rollup = window.Sender(id) is { } rolled ? SenderRollup.For(window, rolled) : null,
            };
        }

        IReadOnlyList<SenderSummary> Group(SenderClass kind) => perIp
            .Where(t => t.Class?.Class == kind)
            .GroupBy(t => t.Class!.SenderId, StringComparer.Ordinal)
            .Select(g => Summary(g.Key, kind, g.First().Class!.SenderName, g.ToArray()))
            .OrderByDescending(s => s.Volume.Messages).ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToArray();

        var unidentified = perIp.Where(t => t.Class is null or { Class: SenderClass.Unidentified }).ToArray();
        var result = new DomainSenders(
            domain, from, end,
            perIp.Aggregate(SenderVolume.Zero, (v, t) => v.Add(t.Volume)),
            Group(SenderClass.Service),
            Group(SenderClass.Forwarder),
            Group(SenderClass.HostedServer),
            Summary(SenderClassification.UnidentifiedId, SenderClass.Unidentified, "Unidentified", unidentified),
            perIp.Count(t => t.Class is null))
        {
            Rollup = SenderRollup.Total(window),
        };
        LogListed(domain, from, end, perIp.Length, result.AwaitingClassification);
        return result;
    }

    /// <summary>
    /// Approves or denies a sender seen in the window. Unidentified traffic is not one sender and
    /// cannot be approved; a hosted-server IP can be approved only when aligned SPF or DKIM passes
    /// were seen from it in the window (hosting networks' SPF ranges are far too broad to trust).
    /// </summary>
    /// <remarks>
    /// The decision also keeps the domain's SPF record in step (<see cref="Spf.SpfApprovals"/>) when the
    /// account's DNS provider holds the zone: a refused SPF change refuses the decision, and nothing is
    /// written. The decision, with the SPF change it makes, is stored before DNS is written, so a retry
    /// finishes the same change; <paramref name="dryRun"/> answers with the change and writes nothing.
    /// </remarks>
    public async Task<SenderDecisionResult> DecideAsync(string accountId, string domain, string senderId, SenderDecision decision, string decidedBy, int days, DateOnly? to, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(senderId);
        ArgumentNullException.ThrowIfNull(decidedBy);
        var senders = await ListAsync(domain, days, to, cancellationToken);
        var sender = senders.Services.Concat(senders.Forwarders).Concat(senders.HostedServers).Append(senders.Unidentified)
            .FirstOrDefault(s => s.Id == senderId && s.Volume.Messages > 0);
        if (sender is null)
        {
            return new SenderDecisionResult.UnknownSender();
        }

        if (decision == SenderDecision.Approved && sender.Kind == SenderClass.Unidentified)
        {
            return new SenderDecisionResult.Refused(
                "Unidentified traffic cannot be approved",
                "Unidentified traffic is every IP no service, forwarder or hosting network was recognised for; it is not one sender. Approve the services or hosted servers you use instead.");
        }

        if (decision == SenderDecision.Approved && sender.Kind == SenderClass.HostedServer && sender.Volume.SpfAlignedPass == 0 && sender.Volume.DkimAlignedPass == 0)
        {
            return new SenderDecisionResult.Refused(
                "This hosted server has sent no authenticated mail",
                $"No aligned SPF or DKIM pass was seen from {sender.Ip} ({sender.Name}) between {senders.From:yyyy-MM-dd} and {senders.To:yyyy-MM-dd}, so approving it would allow mail anyone renting a server there could send. Set up SPF for the server or DKIM signing, then approve it once reports show aligned passes.");
        }

        var stored = (await decisions.ListAsync(domain, cancellationToken)).Where(d => d.SenderId == senderId).MaxBy(d => d.DecidedAt);
        // A retry of the same decision finishes the SPF change it stored; a new decision plans from what the one before it left.
        var plan = stored?.Decision == decision && stored.SpfChange is { } pending ? await spf.ResumeAsync(accountId, domain, pending, cancellationToken) : null;
        plan ??= await spf.PlanAsync(accountId, domain, sender, decision, stored?.Decision != decision ? stored?.SpfChange : null, cancellationToken);
        if (plan.Refusal is { } refusal)
        {
            return new SenderDecisionResult.Refused("SPF record not changed", refusal);
        }

        var answer = sender with { Decision = decision, Spf = plan.Change, SpfNote = plan.Note, DryRun = dryRun };
        if (dryRun)
        {
            return new SenderDecisionResult.Decided(answer);
        }

        await decisions.PutAsync(new SenderDecisionRecord(domain, senderId, decision, decidedBy, time.GetUtcNow()) { SpfChange = plan.Change }, cancellationToken);
        await spf.ApplyAsync(accountId, plan, cancellationToken);
        LogDecided(domain, senderId, decision, decidedBy);
        return new SenderDecisionResult.Decided(answer);
    }

    private string? Country(string ip, SenderClassification? classification) =>
        classification?.Facts.Country ?? (IPAddress.TryParse(ip, out var address) ? ipData.Lookup(address).Country : null);

    private sealed record IpTraffic(string Ip, SenderVolume Volume, SenderClassification? Class, string? Country);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Senders of {Domain} from {From} to {To}: {Ips} IPs, {Awaiting} awaiting classification")]
    private partial void LogListed(string domain, DateOnly from, DateOnly to, int ips, int awaiting);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Domain}: sender {SenderId} {Decision} by {DecidedBy}")]
    private partial void LogDecided(string domain, string senderId, SenderDecision decision, string decidedBy);
}
