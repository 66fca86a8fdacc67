using Dmarc.Adapters.Storage;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.LocalRunner;

/// <summary>
/// Development only: plays the Functions host's part for non-HTTP triggers, driven by the same
/// function.json files. Starts once the app listens; one loop per timer, blob and queue function.
/// Container and queue names get <see cref="StorageOptions.ResourcePrefix"/> like every other name.
/// </summary>
public sealed partial class LocalTriggerRunner(
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    IOptions<LocalRunnerOptions> options,
    StorageNames names,
    TimerTriggerLoop timers,
    BlobTriggerWatcher blobs,
    QueueTriggerListener queues,
    ILogger<LocalTriggerRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !string.IsNullOrEmpty(configuration[LocalRunnerSetup.CustomHandlerPortVariable]))
        {
            LogDisabled();
            return;
        }

        if (!await WaitForStartAsync(stoppingToken))
        {
            return;
        }

        var root = options.Value.FunctionsRoot ?? AppContext.BaseDirectory;
        var functions = FunctionCatalog.Load(root).Where(f => !f.Trigger.IsHttp).ToArray();
        LogStarting(functions.Length, root);
        await Task.WhenAll(functions.Select(f => RunGuardedAsync(f, stoppingToken)));
    }

    private Task RunOneAsync(FunctionDefinition function, CancellationToken cancellationToken)
    {
        var trigger = function.Trigger;
        return trigger.Type switch
        {
            "timerTrigger" => timers.RunAsync(function, Resolve(trigger.Schedule, function), cancellationToken),
            "blobTrigger" => blobs.RunAsync(function, ContainerOf(BlobPath.Parse(Resolve(trigger.Path, function))), cancellationToken),
            "queueTrigger" => queues.RunAsync(function, names.Queue(Resolve(trigger.QueueName, function)), cancellationToken),
            _ => throw new NotSupportedException($"The local runner does not support '{trigger.Type}' ({function.Name})."),
        };
    }

    /// <summary>Keeps one function's loop alive: an error is logged and the loop starts again.</summary>
    private async Task RunGuardedAsync(FunctionDefinition function, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RunOneAsync(function, cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NotSupportedException or FormatException or InvalidOperationException)
            {
                LogUnusable(ex, function.Name);
                return;
            }
            catch (Exception ex)
            {
                LogLoopFailed(ex, function.Name);
                await Task.Delay(options.Value.PollInterval * 5, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>The storage resource prefix (empty in Azure) applies to watched containers too.</summary>
    private BlobPath ContainerOf(BlobPath path) => path with { Container = names.Container(path.Container) };

    private string Resolve(string? value, FunctionDefinition function) =>
        FunctionCatalog.ResolveSettings(
            value ?? throw new InvalidOperationException($"{function.Name}: the {function.Trigger.Type} binding lacks its path, queue name or schedule."),
            configuration);

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStart = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStop = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Local trigger runner is off (Functions host present or LocalRunner:Enabled=false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Local trigger runner: {Count} non-HTTP functions from {Root}")]
    private partial void LogStarting(int count, string root);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local trigger runner cannot run {FunctionName}")]
    private partial void LogUnusable(Exception exception, string functionName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local trigger loop of {FunctionName} failed; restarting it")]
    private partial void LogLoopFailed(Exception exception, string functionName);
}
