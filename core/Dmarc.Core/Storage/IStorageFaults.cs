namespace Dmarc.Core.Storage;

/// <summary>
/// Port: tells a storage failure that retrying cannot fix (the service refused the request itself,
/// e.g. 400 InvalidInput, PropertyValueTooLarge, OutOfRangeInput) from one a retry may fix (timeouts,
/// throttling, 5xx, conflicts of concurrent writers).
/// </summary>
public interface IStorageFaults
{
    /// <summary>The service's error code and status (e.g. "PropertyValueTooLarge (400)") when the failure is permanent, else null.</summary>
    string? Permanent(Exception exception);
}
