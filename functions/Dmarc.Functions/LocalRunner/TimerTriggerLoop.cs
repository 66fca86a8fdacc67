using Cronos;

namespace Dmarc.Functions.LocalRunner;

/// <summary>Fires a timer function on its six-field NCRONTAB schedule (UTC), like the host.</summary>
public sealed partial class TimerTriggerLoop(FunctionInvoker invoker, TimeProvider time, ILogger<TimerTriggerLoop> logger)
{
    /// <summary>A wake-up later than this after the scheduled time is reported as past due.</summary>
    public static readonly TimeSpan PastDueTolerance = TimeSpan.FromSeconds(5);

    public async Task RunAsync(FunctionDefinition function, string schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        var cron = CronExpression.Parse(schedule, CronFormat.IncludeSeconds);
        DateTimeOffset? last = null;
        if (function.Trigger.RunOnStartup)
        {
            last = await FireAsync(function, cron, last, scheduled: null, cancellationToken);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var next = cron.GetNextOccurrence(time.GetUtcNow(), TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            var wait = next.Value - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            last = await FireAsync(function, cron, last, next, cancellationToken);
        }
    }

    private async Task<DateTimeOffset> FireAsync(
        FunctionDefinition function, CronExpression cron, DateTimeOffset? last, DateTimeOffset? scheduled, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var outcome = await invoker.InvokeAsync(
            function.Name,
            new Dictionary<string, object?>
            {
                [function.Trigger.Name] = TimerInfo(
                    new { Last = last ?? DateTimeOffset.MinValue, Next = cron.GetNextOccurrence(now, TimeZoneInfo.Utc), LastUpdated = now },
                    isPastDue: scheduled is not null && now - scheduled.Value > PastDueTolerance),
            },
            new Dictionary<string, object?>(),
            cancellationToken);
        if (!outcome.Succeeded)
        {
            LogFailed(function.Name, outcome.Error);
        }

        return now;
    }

    /// <summary>The host's TimerInfo, as a timer function receives it in Data.</summary>
    public static Dictionary<string, object?> TimerInfo(object? scheduleStatus, bool isPastDue) => new()
    {
        ["Schedule"] = new { AdjustForDST = true },
        ["ScheduleStatus"] = scheduleStatus,
        ["IsPastDue"] = isPastDue,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer function {FunctionName} failed: {Error}")]
    private partial void LogFailed(string functionName, string? error);
}
