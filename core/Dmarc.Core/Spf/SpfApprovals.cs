using System.Net;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Records;
using Dmarc.Core.Senders;

namespace Dmarc.Core.Spf;

/// <summary>
/// A change of a domain's SPF record made by approving or denying a sender: the apex TXT value
/// before and after (null: no SPF record), the term added or removed, and the DNS lookups the new
/// record costs.
/// </summary>
public sealed record SpfChange(string Name, string? Before, string? After, string Term, int Lookups);

/// <summary>What a decision does to SPF: a change, nothing (with why), or a refusal.</summary>
public sealed record SpfPlan(DnsZone? Zone, SpfChange? Change, string? Note, string? Refusal);

/// <summary>
/// Keeps a domain's SPF record in step with its approved senders when the domain is a zone of the
/// account's DNS provider. Approving a catalogue service adds its documented <c>include:</c>
/// (creating <c>v=spf1 include:... ~all</c> when there is no SPF record); approving a hosted server
/// adds its <c>ip4:</c>/<c>ip6:</c> (approval itself needs aligned passes from it); denying removes
/// the term, and when the record is still what the approval wrote, restores exactly what was there
/// before. A change is refused, and nothing written, when the domain has two SPF records, when its
/// record is not valid SPF, or when the new record would need more than 10 DNS lookups.
/// </summary>
public sealed class SpfApprovals(IDnsProvider dns, SpfLookupCounter counter, SenderCatalogue catalogue, IAuditLog audit, TimeProvider time)
{
    public const string AuditTaskId = "sender-spf";

    public async Task<SpfPlan> PlanAsync(string accountId, string domain, SenderSummary sender, SenderDecision decision, SpfChange? previous, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var term = Term(sender);
        if (term is null)
        {
            return new SpfPlan(null, null, sender.Kind == SenderClass.Service
                ? $"The catalogue documents no SPF include for {sender.Name}; SPF was not changed."
                : $"{sender.Name} is not added to SPF; SPF was not changed.", null);
        }

        var zone = await dns.GetZoneAsync(accountId, domain, cancellationToken);
        if (zone is null || zone.Kind != ZoneKind.Primary || zone.Dnssec == DnssecState.Presigned)
        {
            return new SpfPlan(null, null, $"The service does not write the DNS of {domain}; add or remove '{term}' in its SPF record yourself.", null);
        }

        var apex = (await dns.GetRecordSetsAsync(zone.Name, zone.Name, cancellationToken)).FirstOrDefault(s => s.Is("TXT"));
        var values = apex?.Values.Where(SpfRecord.IsSpf).ToArray() ?? [];
        if (values.Length > 1)
        {
            return Refused($"{domain} has {values.Length} SPF records; receivers fail SPF for all its mail (RFC 7208 §4.5, permerror). Remove all but one, then decide again.");
        }

        SpfRecord? current = null;
        if (values.Length == 1 && !SpfRecord.TryParse(values[0], out current, out var invalid))
        {
            return Refused($"The SPF record of {domain} is not valid ({invalid}); fix it, then decide again.");
        }

        string? target;
        if (decision == SenderDecision.Approved)
        {
            target = current?.WithTerm(term).Text ?? $"v=spf1 {term} ~all";
        }
        else
        {
            target = previous is not null && previous.After == current?.Text && previous.Term == term ? previous.Before : current?.WithoutTerm(term).Text;
        }

        if (target == current?.Text)
        {
            return new SpfPlan(zone, null, current is null ? "There is no SPF record to change." : $"The SPF record of {domain} {(decision == SenderDecision.Approved ? "has" : "does not have")} '{term}' already.", null);
        }

        var lookups = 0;
        if (target is not null)
        {
            var counted = await counter.CountAsync(SpfRecord.Parse(target), cancellationToken);
            if (counted.Problem is not null)
            {
                return Refused($"The SPF record '{target}' cannot be checked: {counted.Problem} Nothing was written.");
            }

            if (counted.Count > SpfLookupCounter.Limit && decision == SenderDecision.Approved)
            {
                return Refused($"Adding '{term}' makes the SPF record of {domain} need at least {counted.Count} DNS lookups (counting stops past the limit); receivers allow {SpfLookupCounter.Limit} (RFC 7208 §4.6.4) and fail SPF beyond. Nothing was written: remove includes you no longer use, or replace some with ip4:/ip6: ranges.");
            }

            lookups = counted.Count;
        }

        return new SpfPlan(zone, new SpfChange(zone.Name, current?.Text, target, term, lookups), null, null);
    }

    /// <summary>The stored change of a decision made again (a retry), while the record is still as it was before or after it; null otherwise.</summary>
    public async Task<SpfPlan?> ResumeAsync(string accountId, string domain, SpfChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var zone = await dns.GetZoneAsync(accountId, domain, cancellationToken);
        if (zone is null)
        {
            return null;
        }

        var current = (await dns.GetRecordSetsAsync(zone.Name, zone.Name, cancellationToken)).FirstOrDefault(s => s.Is("TXT"))?.Values.FirstOrDefault(SpfRecord.IsSpf);
        return current == change.Before || current == change.After ? new SpfPlan(zone, change, null, null) : null;
    }

    /// <summary>Writes the planned SPF value in the apex TXT set (other values kept), reads it back and audits it.</summary>
    public async Task ApplyAsync(string accountId, SpfPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan is not { Zone: { } zone, Change: { } change })
        {
            return;
        }

        var apex = (await dns.GetRecordSetsAsync(zone.Name, zone.Name, cancellationToken)).FirstOrDefault(s => s.Is("TXT"));
        var current = apex?.Values.FirstOrDefault(SpfRecord.IsSpf);
        if (current != change.After)
        {
            var values = apex is null ? [] : apex.Values.Select(v => SpfRecord.IsSpf(v) ? change.After : v).OfType<string>().ToList();
            if (current is null && change.After is not null)
            {
                values.Add(change.After);
            }

            if (values.Count == 0)
            {
                await dns.DeleteRecordSetAsync(zone.Name, zone.Name, "TXT", cancellationToken);
            }
            else
            {
                await dns.UpsertRecordSetAsync(zone.Name, new RecordSet(zone.Name, "TXT", apex?.Ttl ?? RecordSet.DefaultTtl, values), cancellationToken);
            }
        }

        var readBack = (await dns.GetRecordSetsAsync(zone.Name, zone.Name, cancellationToken)).FirstOrDefault(s => s.Is("TXT"))?.Values.FirstOrDefault(SpfRecord.IsSpf);
        if (readBack != change.After)
        {
            throw new DnsProviderException($"The SPF change did not verify: {zone.Name} reads '{readBack ?? "no SPF record"}', not '{change.After ?? "no SPF record"}'.");
        }

        await audit.AddAsync(new AuditEntry(accountId, zone.Name, zone.Name, change.Before, change.After, AuditTaskId, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>The SPF term a sender stands for: a service's documented include, or a hosted server's address.</summary>
    public string? Term(SenderSummary sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return sender.Kind switch
        {
            SenderClass.Service when sender.Id.StartsWith(SenderClassification.ServicePrefix, StringComparison.Ordinal)
                && catalogue.ServiceById(sender.Id[SenderClassification.ServicePrefix.Length..])?.SpfInclude is { } include => "include:" + include,
            SenderClass.HostedServer when sender.Ip is { } ip && IPAddress.TryParse(ip, out var address) =>
                (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ip6:" : "ip4:") + address,
            _ => null,
        };
    }

    private static SpfPlan Refused(string reason) => new(null, null, null, reason);
}
