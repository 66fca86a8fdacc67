using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.Hosting;

/// <summary>Marks an endpoint as the handler of a non-HTTP function (POST /{FunctionName}).</summary>
public sealed record TriggerFunctionMetadata(string FunctionName);

public static class TriggerEndpoints
{
    /// <summary>Body limit of queue and timer invocations: a queue message is at most 64 KiB, twice encoded.</summary>
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// Maps POST /{functionName}: reads the body by <see cref="HostContract"/> (at most
    /// <paramref name="maxBodyBytes"/>, default <see cref="DefaultMaxBodyBytes"/>) and runs the
    /// handler. A failure answers 500; the Functions host counts that as a failed attempt and keeps
    /// neither the body nor its Logs, so the reason is written to the app's log here.
    /// </summary>
    /// <param name="queueTrigger">For a queue function, its queue and the message's binding: a failure's reason is then kept for the message, so the poison queue can show why it failed.</param>
    public static RouteHandlerBuilder MapTrigger(
        this IEndpointRouteBuilder endpoints,
        string functionName,
        Func<InvocationRequest, IServiceProvider, CancellationToken, Task<InvocationResult>> handler,
        Func<IServiceProvider, long>? maxBodyBytes = null,
        (string Queue, string Binding)? queueTrigger = null)
    {
        return endpoints
            .MapPost("/" + functionName, async Task<Results<Ok<InvocationResult>, ProblemHttpResult>> (HttpContext context) =>
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Dmarc.Functions.Triggers");
                InvocationRequest? request = null;
                try
                {
                    var limit = maxBodyBytes?.Invoke(context.RequestServices) ?? DefaultMaxBodyBytes;
                    request = await InvocationReader.ReadAsync(context.Request, limit, context.RequestAborted);
                    return TypedResults.Ok(await handler(request, context.RequestServices, context.RequestAborted));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    TriggerLog.Failed(logger, ex, functionName, ex.Message);
                    if (queueTrigger is { } trigger && MessageOf(request, trigger.Binding) is { } message)
                    {
                        await RecordFailureAsync(context.RequestServices, logger, trigger.Queue, message, $"{functionName}: {ex.Message}");
                    }

                    return TypedResults.Problem(statusCode: 500, title: $"{functionName} failed", detail: ex.Message);
                }
            })
            .WithMetadata(new TriggerFunctionMetadata(functionName))
            .ExcludeFromDescription();
    }

    private static string? MessageOf(InvocationRequest? request, string binding)
    {
        try
        {
            return request?.DataString(binding);
        }
        catch (HostPayloadException)
        {
            return null;
        }
    }

    /// <summary>Keeping the reason must not change the answer: a failure to keep it is logged only.</summary>
    private static async Task RecordFailureAsync(IServiceProvider services, ILogger logger, string queue, string message, string reason)
    {
        try
        {
            await services.GetRequiredService<Core.Storage.IPoisonMessages>().RecordFailureAsync(queue, message, reason, CancellationToken.None);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or IOException)
        {
            TriggerLog.ReasonNotKept(logger, ex, queue);
        }
    }
}

internal static partial class TriggerLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed: {Reason}")]
    public static partial void Failed(ILogger logger, Exception exception, string functionName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The failure reason of a {Queue} message could not be kept")]
    public static partial void ReasonNotKept(ILogger logger, Exception exception, string queue);
}
