using Cronos;
using Dmarc.Core.Operations;
using Dmarc.Functions.LocalRunner;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.Hosting;

/// <summary>Timer functions: each run's start, duration and outcome are kept (<see cref="ITimerRuns"/>) for the pipeline status.</summary>
public static partial class TimerEndpoints
{
    /// <summary>Maps the timer function like <see cref="TriggerEndpoints.MapTrigger"/> and records every run, failed or not.</summary>
    public static RouteHandlerBuilder MapTimer(
        this IEndpointRouteBuilder endpoints,
        string functionName,
        Func<InvocationRequest, IServiceProvider, CancellationToken, Task<InvocationResult>> handler) =>
        endpoints.MapTrigger(functionName, async (request, services, cancellationToken) =>
        {
            var time = services.GetRequiredService<TimeProvider>();
            var startedAt = time.GetUtcNow();
            var started = time.GetTimestamp();
            try
            {
                var result = await handler(request, services, cancellationToken);
                await RecordAsync(services, new TimerRun(functionName, startedAt, time.GetElapsedTime(started), true, null));
                return result;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await RecordAsync(services, new TimerRun(functionName, startedAt, time.GetElapsedTime(started), false, ex.Message));
                throw;
            }
        });

    /// <summary>Every timer function's schedule (from its function.json, app settings resolved) and its next occurrence after now.</summary>
    public static IReadOnlyList<TimerSchedule> Schedules(IServiceProvider services)
    {
        var root = services.GetRequiredService<IOptions<LocalRunnerOptions>>().Value.FunctionsRoot ?? AppContext.BaseDirectory;
        var configuration = services.GetRequiredService<IConfiguration>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        return FunctionCatalog.Load(root)
            .Where(f => f.Trigger.Type == "timerTrigger" && f.Trigger.Schedule is not null)
            .Select(f =>
            {
                var schedule = FunctionCatalog.ResolveSettings(f.Trigger.Schedule!, configuration);
                var cron = CronExpression.Parse(schedule, CronFormat.IncludeSeconds);
                return new TimerSchedule(f.Name, schedule, cron.GetNextOccurrence(now, TimeZoneInfo.Utc));
            })
            .ToArray();
    }

    /// <summary>Keeping the run must not change the run's answer: a failure to keep it is logged only.</summary>
    private static async Task RecordAsync(IServiceProvider services, TimerRun run)
    {
        try
        {
            await services.GetRequiredService<ITimerRuns>().RecordAsync(run, CancellationToken.None);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or IOException)
        {
            LogNotKept(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TimerEndpoints)), ex, run.Function);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The run of timer {FunctionName} could not be kept for the pipeline status")]
    private static partial void LogNotKept(ILogger logger, Exception exception, string functionName);
}
