namespace Dmarc.Core.Onboarding;

/// <summary>Port: whether a domain exists in public DNS (an SOA or NS record is found).</summary>
public interface IDomainExistence
{
    Task<bool> ExistsAsync(string domain, CancellationToken cancellationToken = default);
}

public enum AccessRequestStatus
{
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

    /// <summary>Moves a pending request to a decision; false when it was decided already.</summary>
    Task<bool> TryDecideAsync(string id, AccessRequestStatus status, CancellationToken cancellationToken = default);
}
