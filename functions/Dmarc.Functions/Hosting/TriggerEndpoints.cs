using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.Hosting;

/// <summary>Marks an endpoint as the handler of a non-HTTP function (POST /{FunctionName}).</summary>
public sealed record TriggerFunctionMetadata(string FunctionName);

public static class TriggerEndpoints
{
    /// <summary>
    /// Maps POST /{functionName}. A failure answers 500 with the reason in <c>detail</c>, which the
    /// Functions host (and the local runner) records as the failed attempt's error.
    /// </summary>
    public static RouteHandlerBuilder MapTrigger(
        this IEndpointRouteBuilder endpoints,
        string functionName,
        Func<InvocationRequest, IServiceProvider, CancellationToken, Task<InvocationResult>> handler)
    {
        return endpoints
            .MapPost("/" + functionName, async Task<Results<Ok<InvocationResult>, ProblemHttpResult>> (InvocationRequest request, HttpContext context) =>
            {
                try
                {
                    return TypedResults.Ok(await handler(request, context.RequestServices, context.RequestAborted));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Dmarc.Functions.Triggers");
                    TriggerLog.Failed(logger, ex, functionName);
                    return TypedResults.Problem(statusCode: 500, title: $"{functionName} failed", detail: ex.Message);
                }
            })
            .WithMetadata(new TriggerFunctionMetadata(functionName))
            .ExcludeFromDescription();
    }
}

internal static partial class TriggerLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed")]
    public static partial void Failed(ILogger logger, Exception exception, string functionName);
}
