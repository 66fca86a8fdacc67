namespace Dmarc.Core.Monitoring;

/// <summary>The answer to a request to start a task.</summary>
public abstract record StartTaskResult
{
    private StartTaskResult()
    {
    }

    public sealed record Started(MonitoringTask Task) : StartTaskResult;

    /// <summary>Another task of the account is still running.</summary>
    public sealed record Busy(string RunningTaskId) : StartTaskResult;

    /// <summary>Some requested domains are not zones of the account.</summary>
    public sealed record UnknownDomains(IReadOnlyList<string> Domains) : StartTaskResult;
}

/// <summary>A task with its progress, counts and each zone's outcome.</summary>
public sealed record TaskView(MonitoringTask Task, TaskCounts Counts, IReadOnlyList<ZoneResult> Results);
