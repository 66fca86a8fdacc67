using Dmarc.Functions.Api;
using Dmarc.Functions.LocalRunner;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.Hosting;

/// <summary>The body of the host's admin call: the input the function runs with.</summary>
public sealed record AdminRunRequest(string? Input = null);

/// <summary>
/// POST /admin/functions/{name} with <c>{"input": "..."}</c>: runs a non-HTTP function now, with the
/// path, body and answer (202) of the Azure Functions host's admin API, so the same call works
/// locally and in Azure. In Azure the host answers it (with the master key in x-functions-key) and
/// the app never sees the path; locally the app serves it, with the admin key (x-functions-key or
/// Bearer). Locally the answer comes once the run has ended; the run's failure is logged, as the
/// host logs it.
/// </summary>
public static partial class AdminFunctionsEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/admin/functions/{name}", async Task<Results<Accepted, ProblemHttpResult>> (
                string name, AdminRunRequest? body, OnDemandRuns runs, ILoggerFactory loggers, CancellationToken cancellationToken) =>
            {
                switch (await runs.RunAsync(name, body?.Input, cancellationToken))
                {
                    case OnDemandRun.NoSuchFunction:
                        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Function not found", detail: $"There is no non-HTTP function '{name}'.");
                    case OnDemandRun.BadInput bad:
                        return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The input is not valid.", detail: bad.Reason);
                    case OnDemandRun.Ran { Outcome.Succeeded: false } failed:
                        LogFailed(loggers.CreateLogger(typeof(AdminFunctionsEndpoint)), name, failed.Outcome.Error);
                        break;
                }

                return TypedResults.Accepted((string?)null);
            })
            .ExcludeFromDescription()
            .RequireAuthorization(CallerClaims.AdminPolicy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "On-demand run of {FunctionName} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string functionName, string? error);
}
