using Dmarc.Core.Dns;
using Dmarc.Core.Records;

namespace Dmarc.Core.Domains;

/// <summary>
/// Derives a domain's status from what DNS answers for its <c>_dmarc</c> name (pure: no I/O).
/// A delegation decides first: to the service's name servers only, the domain is Active (Blocked
/// when its owner locked it); to any other server, NotConfigured. Without one, a single valid DMARC
/// record with the service's <c>rua</c> makes it ReportingOnly. A DNS failure is Unknown, never a guess.
/// </summary>
public static class DomainStatusClassifier
{
    public static DomainDnsStatus Classify(string domain, DmarcDnsAnswer answer, IReadOnlySet<string> serviceNameServers, DmarcUri reportingUri, DomainMode? mode)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(serviceNameServers);
        ArgumentNullException.ThrowIfNull(reportingUri);
        var name = DnsNames.DmarcName(domain);
        if (answer.Error is { } error)
        {
            return new DomainDnsStatus(DomainStatus.Unknown, $"The DNS lookup of {name} failed: {error}", null, false, null);
        }

        var (record, recordProblem) = SingleRecord(name, answer.Txt);
        var policy = record?["p"]?.ToLowerInvariant();
        var enforcing = policy is "quarantine" or "reject";
        if (answer.NameServers.Count > 0)
        {
            var targets = answer.NameServers.Select(n => n.TrimEnd('.').ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray();
            var others = targets.Where(t => !serviceNameServers.Contains(t)).ToArray();
            if (others.Length > 0)
            {
                return new DomainDnsStatus(DomainStatus.NotConfigured,
                    $"{name} is delegated to name servers that are not the service's ({string.Join(", ", others)}).", policy, enforcing, record?.Text);
            }

            var blocked = mode == DomainMode.Blocked;
            return new DomainDnsStatus(blocked ? DomainStatus.Blocked : DomainStatus.Active,
                $"{name} is delegated to the service's name servers ({string.Join(", ", targets)})" + (blocked ? " and locked to p=reject." : ".")
                + (record is null ? $" {recordProblem} Setting the mode to Active serves v=DMARC1; p=none with the service's rua." : ""),
                policy, enforcing, record?.Text);
        }

        if (record is null)
        {
            return new DomainDnsStatus(DomainStatus.NotConfigured, recordProblem!, null, false, null);
        }

        if (mode == DomainMode.Blocked && policy == "reject")
        {
            return new DomainDnsStatus(DomainStatus.Blocked, $"The zone is locked: {name} publishes p=reject, the domain SPF -all.", policy, enforcing, record.Text);
        }

        return record.Rua.Any(u => u.SameDestination(reportingUri))
            ? new DomainDnsStatus(DomainStatus.ReportingOnly, $"The DMARC record at {name} sends aggregate reports to the service.", policy, enforcing, record.Text)
            : new DomainDnsStatus(DomainStatus.NotConfigured, $"The DMARC record at {name} does not send aggregate reports to the service.", policy, enforcing, record.Text);
    }

    /// <summary>The one valid DMARC record among the TXT values, or why there is none receivers would apply.</summary>
    private static (DmarcRecord? Record, string? Problem) SingleRecord(string name, IReadOnlyList<string> txt)
    {
        var values = txt.Where(DmarcRecord.LooksLikeDmarc).ToArray();
        if (values.Length == 0)
        {
            return (null, $"{name} has no DMARC record.");
        }

        if (values.Length > 1)
        {
            return (null, $"{name} has {values.Length} DMARC records; receivers ignore them all.");
        }

        return DmarcRecord.TryParse(values[0], out var record, out var error)
            ? (record, null)
            : (null, $"The DMARC record at {name} is not valid ({error}); receivers ignore it.");
    }
}
