namespace Dmarc.Core.Operations;

/// <summary>The last run of a timer function: when it started, how long it took, and how it ended.</summary>
public sealed record TimerRun(string Function, DateTimeOffset StartedAt, TimeSpan Duration, bool Succeeded, string? Error);

/// <summary>Port: the last run of each timer function, written by the app after every run.</summary>
public interface ITimerRuns
{
    /// <summary>Replaces the function's last run.</summary>
    Task RecordAsync(TimerRun run, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TimerRun>> ListAsync(CancellationToken cancellationToken = default);
}
