using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Domains;

/// <summary>The answer to a mode change.</summary>
public abstract record ModeOutcome
{
    private ModeOutcome()
    {
    }

    public sealed record NotFound : ModeOutcome;

    public sealed record Refused(string Reason) : ModeOutcome;

    public sealed record Done(DomainOverview Domain, bool Changed) : ModeOutcome;
}

/// <summary>
/// Switches an Active domain between Active and Blocked. The service serves the delegated
/// <c>_dmarc</c> record itself (<see cref="IDelegatedDmarcServer"/>): Blocked serves
/// <c>v=DMARC1; p=reject; rua=&lt;ours&gt;</c>, and Active serves again the record served before
/// the block (or <c>v=DMARC1; p=none; rua=&lt;ours&gt;</c> when there was none). The mode is stored
/// first, so a retry after a failed write finishes the same switch; each write is read back and audited.
/// </summary>
public sealed partial class DomainModeService(
    DomainStatusService statuses,
    IDomainModes modes,
    IDelegatedDmarcServer server,
    IAuditLog audit,
    TimeProvider time,
    IOptions<MonitoringOptions> monitoring,
    ILogger<DomainModeService> logger)
{
    public const string AuditTaskId = "domain-mode";

    public string BlockedRecord => $"v=DMARC1; p=reject; rua={monitoring.Value.ReportingUri}";

    public string MonitoringRecord => $"v=DMARC1; p=none; rua={monitoring.Value.ReportingUri}";

    public async Task<ModeOutcome> SetAsync(string accountId, string domain, DomainMode mode, bool force, CancellationToken cancellationToken = default)
    {
        var name = DnsNames.Normalize(domain);
        var overview = name is null ? null : await statuses.GetAsync(accountId, name, cancellationToken);
        if (overview is null)
        {
            return new ModeOutcome.NotFound();
        }

        if (Refusal(overview, mode, force) is { } refusal)
        {
            LogRefused(overview.Domain, accountId, mode, overview.Status);
            return new ModeOutcome.Refused(refusal);
        }

        string? served;
        try
        {
            served = await server.GetAsync(overview.Domain, cancellationToken);
        }
        catch (DelegationNotServedException ex)
        {
            return new ModeOutcome.Refused(ex.Message);
        }

        var setting = await modes.GetAsync(overview.Domain, cancellationToken);
        var before = setting?.Mode == DomainMode.Blocked ? setting.RecordBeforeBlock : served;
        var target = mode == DomainMode.Blocked ? BlockedRecord : before ?? MonitoringRecord;
        var now = time.GetUtcNow();
        await modes.UpsertAsync(new DomainModeSetting(overview.Domain, accountId, mode, mode == DomainMode.Blocked ? before : null, now), cancellationToken);
        if (served == target)
        {
            return new ModeOutcome.Done((await statuses.GetAsync(accountId, overview.Domain, cancellationToken))!, setting?.Mode != mode);
        }

        await server.ServeAsync(overview.Domain, target, cancellationToken);
        var readBack = await server.GetAsync(overview.Domain, cancellationToken);
        if (readBack != target)
        {
            return new ModeOutcome.Refused($"The change did not verify: the service serves '{readBack ?? "no record"}' at {DnsNames.DmarcName(overview.Domain)}.");
        }

        await audit.AddAsync(new AuditEntry(accountId, overview.Domain, DnsNames.DmarcName(overview.Domain), served, target, AuditTaskId, now), cancellationToken);
        LogSwitched(overview.Domain, accountId, mode);
        return new ModeOutcome.Done((await statuses.GetAsync(accountId, overview.Domain, cancellationToken))!, true);
    }

    private static string? Refusal(DomainOverview domain, DomainMode mode, bool force) => domain.Status switch
    {
        DomainStatus.Unknown =>
            $"The status of {domain.Domain} could not be read from DNS ({domain.Detail}); nothing was changed. Try again when DNS answers.",
        DomainStatus.ReportingOnly or DomainStatus.NotConfigured =>
            $"{domain.Domain} is {domain.Status}: {domain.Detail} Only a domain whose _dmarc is delegated by NS to the service's name servers (Active) can be switched between Active and Blocked.",
        _ when mode == DomainMode.Blocked && domain.Sending && !force =>
            $"{domain.Domain} had reports about its mail in the last {DomainStatusService.SendingWindow.TotalDays:0} days, so it sends mail; Blocked makes receivers reject all of it. Send \"force\": true to block it anyway.",
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Domain {Domain} of account {AccountId} is now {Mode}; the service serves its new _dmarc record")]
    private partial void LogSwitched(string domain, string accountId, DomainMode mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Domain {Domain} of account {AccountId} was not switched to {Mode}: its status is {Status}")]
    private partial void LogRefused(string domain, string accountId, DomainMode mode, DomainStatus status);
}
