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
    public static RouteHandlerBuilder MapTrigger(
        this IEndpointRouteBuilder endpoints,
        string functionName,
        Func<InvocationRequest, IServiceProvider, CancellationToken, Task<InvocationResult>> handler,
        Func<IServiceProvider, long>? maxBodyBytes = null)
    {
        return endpoints
            .MapPost("/" + functionName, async Task<Results<Ok<InvocationResult>, ProblemHttpResult>> (HttpContext context) =>
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Dmarc.Functions.Triggers");
                try
                {
                    var limit = maxBodyBytes?.Invoke(context.RequestServices) ?? DefaultMaxBodyBytes;
                    var request = await InvocationReader.ReadAsync(context.Request, limit, context.RequestAborted);
                    return TypedResults.Ok(await handler(request, context.RequestServices, context.RequestAborted));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    TriggerLog.Failed(logger, ex, functionName, ex.Message);
                    return TypedResults.Problem(statusCode: 500, title: $"{functionName} failed", detail: ex.Message);
                }
            })
            .WithMetadata(new TriggerFunctionMetadata(functionName))
            .ExcludeFromDescription();
    }
}

internal static partial class TriggerLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed: {Reason}")]
    public static partial void Failed(ILogger logger, Exception exception, string functionName, string reason);
}
