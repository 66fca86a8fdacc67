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
/// Switches a domain between Active and Blocked (a lock for a domain that sends no mail). For an
/// Active domain the service serves the delegated <c>_dmarc</c> record itself
/// (<see cref="IDelegatedDmarcServer"/>): Blocked serves <c>v=DMARC1; p=reject; sp=reject; rua=&lt;ours&gt;</c>,
/// and Active serves again the record served before the block (or <c>v=DMARC1; p=none; rua=&lt;ours&gt;</c>
/// when there was none). For a zone of the account's DNS provider, Blocked writes the <see cref="ZoneLock"/>
/// (DMARC reject, SPF <c>-all</c>, a null MX where there is no MX) and Active writes back the sets as
/// they were. The mode and what was there before are stored first, so a retry after a failed write
/// finishes the same switch; each write is read back and audited. A domain with mail in the last 30
/// days is refused with its numbers unless the caller forces it.
/// </summary>
public sealed partial class DomainModeService(
    DomainStatusService statuses,
    IDomainModes modes,
    IDelegatedDmarcServer server,
    ZoneLock zoneLock,
    Rollup.RollupReader rollup,
    IAuditLog audit,
    TimeProvider time,
    IOptions<MonitoringOptions> monitoring,
    ILogger<DomainModeService> logger)
{
    public const string AuditTaskId = "domain-mode";

    public string BlockedRecord => $"v=DMARC1; p=reject; sp=reject; rua={monitoring.Value.ReportingUri}";

    public string MonitoringRecord => $"v=DMARC1; p=none; rua={monitoring.Value.ReportingUri}";

    public async Task<ModeOutcome> SetAsync(string accountId, string domain, DomainMode mode, bool force, CancellationToken cancellationToken = default)
    {
        var name = DnsNames.Normalize(domain);
        var overview = name is null ? null : await statuses.GetAsync(accountId, name, cancellationToken);
        if (overview is null)
        {
            return new ModeOutcome.NotFound();
        }

        if (await zoneLock.ZoneAsync(accountId, overview.Domain, cancellationToken) is { Zone: { } zone } owned)
        {
            // The service holds this zone itself, so what public DNS shows does not decide.
            return owned.Refusal is { } notEditable ? new ModeOutcome.Refused(notEditable) : await SetZoneAsync(accountId, overview, zone, mode, force, cancellationToken);
        }

        if ((Refusal(overview) ?? await SendingRefusalAsync(overview, mode, force, cancellationToken)) is { } refusal)
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

    /// <summary>Locks or unlocks a zone of the account's DNS provider.</summary>
    private async Task<ModeOutcome> SetZoneAsync(string accountId, DomainOverview overview, Dns.DnsZone zone, DomainMode mode, bool force, CancellationToken cancellationToken)
    {
        var setting = await modes.GetAsync(overview.Domain, cancellationToken);
        var now = time.GetUtcNow();
        if (mode == DomainMode.Active)
        {
            if (setting?.ZoneBeforeBlock is not { } locked)
            {
                return new ModeOutcome.Done(overview, false);
            }

            await zoneLock.UnlockAsync(accountId, zone, locked, setting.ZoneLocked, now, cancellationToken);
            await modes.UpsertAsync(new DomainModeSetting(overview.Domain, accountId, DomainMode.Active, null, now), cancellationToken);
            LogSwitched(overview.Domain, accountId, mode);
            return new ModeOutcome.Done((await statuses.GetAsync(accountId, overview.Domain, cancellationToken))!, true);
        }

        if (await SendingRefusalAsync(overview, mode, force, cancellationToken) is { } sending)
        {
            LogRefused(overview.Domain, accountId, mode, overview.Status);
            return new ModeOutcome.Refused(sending);
        }

        var (sets, current, refusal) = await zoneLock.PlanAsync(zone, monitoring.Value.ReportingUri.ToString(), cancellationToken);
        if (refusal is not null)
        {
            return new ModeOutcome.Refused(refusal);
        }

        // A lock already stored keeps the sets from before it: a retry or a second lock never takes the locked sets for the originals.
        var original = setting?.ZoneBeforeBlock ?? current;
        if (setting?.ZoneBeforeBlock is null)
        {
            await modes.UpsertAsync(new DomainModeSetting(overview.Domain, accountId, DomainMode.Blocked, null, now) { ZoneBeforeBlock = original, ZoneLocked = sets }, cancellationToken);
        }

        if (!ZoneLock.IsLocked(sets, current))
        {
            await zoneLock.LockAsync(accountId, zone, sets, original, now, cancellationToken);
        }

        LogSwitched(overview.Domain, accountId, mode);
        return new ModeOutcome.Done((await statuses.GetAsync(accountId, overview.Domain, cancellationToken))!, setting?.ZoneBeforeBlock is null);
    }

    /// <summary>Why a domain with mail in the last 30 days is not blocked, with its numbers; null when it may be.</summary>
    private async Task<string?> SendingRefusalAsync(DomainOverview domain, DomainMode mode, bool force, CancellationToken cancellationToken)
    {
        if (mode != DomainMode.Blocked || force)
        {
            return null;
        }

        var window = await rollup.WindowAsync(domain.Domain, cancellationToken: cancellationToken);
        if (!domain.Sending && window.Total.Messages == 0)
        {
            return null;
        }

        var c = System.Globalization.CultureInfo.InvariantCulture;
        var numbers = window.Total.Messages == 0
            ? "reports arrived, and the rollup has not counted them yet"
            : $"{window.Total.Messages.ToString("N0", c)} messages from {window.Senders.Count} senders between {window.From:yyyy-MM-dd} and {window.To:yyyy-MM-dd}, {window.Total.DmarcPass.ToString("N0", c)} of them passing DMARC";
        return $"{domain.Domain} sent mail in the last {DomainStatusService.SendingWindow.TotalDays:0} days: {numbers}. Blocked makes receivers reject all of it. Send \"force\": true to block it anyway.";
    }

    private static string? Refusal(DomainOverview domain) => domain.Status switch
    {
        DomainStatus.Unknown =>
            $"The status of {domain.Domain} could not be read from DNS ({domain.Detail}); nothing was changed. Try again when DNS answers.",
        DomainStatus.ReportingOnly or DomainStatus.NotConfigured =>
            $"{domain.Domain} is {domain.Status}: {domain.Detail} Only a zone of the account's DNS provider, or a domain whose _dmarc is delegated by NS to the service's name servers (Active), can be switched between Active and Blocked.",
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Domain {Domain} of account {AccountId} is now {Mode}; the service serves its new _dmarc record")]
    private partial void LogSwitched(string domain, string accountId, DomainMode mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Domain {Domain} of account {AccountId} was not switched to {Mode}: its status is {Status}")]
    private partial void LogRefused(string domain, string accountId, DomainMode mode, DomainStatus status);
}
