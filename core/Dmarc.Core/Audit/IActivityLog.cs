namespace Dmarc.Core.Audit;

/// <summary>
/// Port: the security audit log of user, key, record and admin actions. Entries of the admin key
/// are kept apart from the accounts' own entries (<see cref="ListAdminAsync"/>).
/// </summary>
public interface IActivityLog
{
    /// <summary>Writes the entry, or replaces the entry of the same id (to complete it with its outcome).</summary>
    Task WriteAsync(ActivityEntry entry, CancellationToken cancellationToken = default);

    /// <summary>An account's entries, newest first (the admin key's actions are listed by <see cref="ListAdminAsync"/>).</summary>
    Task<IReadOnlyList<ActivityEntry>> ListAsync(string accountId, int max, CancellationToken cancellationToken = default);

    /// <summary>Every action taken with the admin key, newest first.</summary>
    Task<IReadOnlyList<ActivityEntry>> ListAdminAsync(int max, CancellationToken cancellationToken = default);
}
