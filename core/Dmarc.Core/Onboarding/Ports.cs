namespace Dmarc.Core.Onboarding;

/// <summary>Port: whether a domain exists in public DNS (an SOA or NS record is found).</summary>
public interface IDomainExistence
{
    Task<bool> ExistsAsync(string domain, CancellationToken cancellationToken = default);
}

public enum AccessRequestStatus
{
    /// <summary>The requester has not confirmed the address yet; the owners know nothing of it.</summary>
    Unconfirmed,
    Pending,
    Approved,
    Declined,
}

/// <summary>Someone asking to join the account that manages a domain.</summary>
public sealed record AccessRequest(string Id, string AccountId, string Domain, string RequesterEmail, string Message, AccessRequestStatus Status, DateTimeOffset CreatedAt);

/// <summary>Port: access requests, by id.</summary>
public interface IAccessRequestStore
{
    Task AddAsync(AccessRequest request, CancellationToken cancellationToken = default);

    Task<AccessRequest?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Moves the request to the status only if it still has the expected one; false otherwise or when a concurrent change won.</summary>
    Task<bool> TryChangeStatusAsync(string id, AccessRequestStatus expected, AccessRequestStatus status, CancellationToken cancellationToken = default);
}

/// <summary>Port: counters of events per key in fixed time windows (rate limits).</summary>
public interface IRequestCounters
{
    /// <summary>Counts one event for the key in the window starting at windowStart unless limit events were counted already; false then.</summary>
    Task<bool> TryCountAsync(string key, DateTimeOffset windowStart, int limit, CancellationToken cancellationToken = default);
}
