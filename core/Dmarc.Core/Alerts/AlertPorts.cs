namespace Dmarc.Core.Alerts;

/// <summary>
/// Port: the insert-once markers of alerts that fired, one per (subscription or smart recipient,
/// type, domain/sender/scope, period). Two evaluations at once both try; one marker stands.
/// </summary>
public interface IAlertMarkers
{
    Task<bool> ExistsAsync(string accountId, string key, CancellationToken cancellationToken = default);

    /// <summary>False when the marker was there already.</summary>
    Task<bool> TryAddAsync(string accountId, string key, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>Port: smart alert events raised but not yet delivered (kept so a crash before delivery loses none).</summary>
public interface IPendingAlertEvents
{
    Task AddAsync(string id, AlertEvent alert, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<(string Id, AlertEvent Alert)>> ListAsync(CancellationToken cancellationToken = default);

    Task RemoveAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>The DNS records of one kind at one name as read on one day (the last read of the day stands).</summary>
public sealed record RecordObservation(string Domain, RecordKind Kind, string Name, DateOnly Day, IReadOnlyList<string> Values, DateTimeOffset ReadAt);

/// <summary>Port: the last state per day of the records the record alerts watch.</summary>
public interface IRecordObservations
{
    /// <summary>Stores the day's state, replacing an earlier read of the same day.</summary>
    Task PutAsync(RecordObservation observation, CancellationToken cancellationToken = default);

    /// <summary>The newest state stored for a day before <paramref name="before"/>, or null.</summary>
    Task<RecordObservation?> LatestBeforeAsync(string domain, RecordKind kind, string name, DateOnly before, CancellationToken cancellationToken = default);
}

/// <summary>Port: TXT records read through public DNS (DnsClient).</summary>
public interface IRecordLookup
{
    /// <summary>The TXT strings at the name (each record's strings joined); empty when the name has none; null when DNS failed, so a failure is never taken for a removal.</summary>
    Task<IReadOnlyList<string>?> TxtAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>An account's security settings: MFA required for every user, and the SSO provider (null: none).</summary>
public sealed record AccountSecurity(bool MfaRequired, string? SsoProvider, DateTimeOffset ChangedAt);

/// <summary>Port: account and per-user security settings.</summary>
public interface IAccountSecurityStore
{
    Task<AccountSecurity?> GetAsync(string accountId, CancellationToken cancellationToken = default);

    Task PutAsync(string accountId, AccountSecurity security, CancellationToken cancellationToken = default);

    Task<bool?> GetUserMfaAsync(string accountId, string email, CancellationToken cancellationToken = default);

    Task PutUserMfaAsync(string accountId, string email, bool enabled, CancellationToken cancellationToken = default);
}
