namespace Dmarc.Core.Audit;

/// <summary>Writes activity entries with ids and times from one place.</summary>
public sealed class ActivityRecorder(IActivityLog log, TimeProvider time)
{
    /// <summary>Records the start of an action; complete it with <see cref="CompleteAsync"/>.</summary>
    public async Task<ActivityEntry> StartAsync(string? accountId, string actor, string action, string target, CancellationToken cancellationToken = default)
    {
        var entry = new ActivityEntry(NewId(), accountId, Bound(actor), Bound(action), Bound(target), ActivityEntry.Started, time.GetUtcNow());
        await log.WriteAsync(entry, cancellationToken);
        return entry;
    }

    public Task CompleteAsync(ActivityEntry entry, string outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return log.WriteAsync(entry with { Outcome = Bound(outcome) }, cancellationToken);
    }

    /// <summary>Records an action that has happened, in one write.</summary>
    public Task RecordAsync(string? accountId, string actor, string action, string target, CancellationToken cancellationToken = default) =>
        log.WriteAsync(new ActivityEntry(NewId(), accountId, Bound(actor), Bound(action), Bound(target), ActivityEntry.Done, time.GetUtcNow()), cancellationToken);

    private string NewId() =>
        (DateTimeOffset.MaxValue.UtcTicks - time.GetUtcNow().UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..12];

    private static string Bound(string value) =>
        value.Length <= ActivityEntry.MaxTextLength ? value : value[..ActivityEntry.MaxTextLength];
}
