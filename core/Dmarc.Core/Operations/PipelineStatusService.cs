using Dmarc.Core.Health;

namespace Dmarc.Core.Operations;

/// <summary>
/// Reads the pipeline's status from the real stores: storage reachability first, then each figure
/// from the service it needs (queues from Queue storage; inbound and outbox from Blob storage; the
/// quarantine index and timer runs from Table storage). A figure whose service is unreachable is null.
/// </summary>
public sealed class PipelineStatusService(HealthService health, IPipelineGauges gauges, ITimerRuns timerRuns, TimeProvider time)
{
    public async Task<PipelineStatus> ReadAsync(IReadOnlyList<TimerSchedule> schedules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        var now = time.GetUtcNow();
        var storage = await health.CheckAsync(cancellationToken);
        bool Reachable(string component) => storage.Components.Any(c => c.Component == component && c.Reachable);
        var queues = Reachable("queue") ? await gauges.QueuesAsync(now, cancellationToken) : null;
        var blobs = Reachable("blob");
        var inbound = blobs ? await gauges.InboundAsync(now, cancellationToken) : null;
        var outbox = blobs ? await gauges.OutboxAsync(cancellationToken) : null;
        var tables = Reachable("table");
        var quarantine = tables ? await gauges.QuarantineAsync(cancellationToken) : null;
        var timers = tables ? Timers(schedules, await timerRuns.ListAsync(cancellationToken)) : null;
        return new PipelineStatus(now, storage.Components, queues, inbound, quarantine, outbox, timers);
    }

    private static TimerStatus[] Timers(IReadOnlyList<TimerSchedule> schedules, IReadOnlyList<TimerRun> runs) =>
        schedules.OrderBy(s => s.Function, StringComparer.Ordinal).Select(s =>
        {
            var last = runs.FirstOrDefault(r => r.Function == s.Function);
            return new TimerStatus(
                s.Function,
                s.Schedule,
                last?.StartedAt,
                last is null ? null : last.Succeeded ? TimerOutcome.Succeeded : TimerOutcome.Failed,
                last?.Duration,
                last?.Error,
                s.NextRun);
        }).ToArray();
}
