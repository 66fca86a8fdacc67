using System.Security.Claims;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Reports.Reprocessing;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.GetTask;

/// <summary>GET /api/tasks/{taskId}: progress, counts per outcome and skip reason, and each zone's outcome; for a reprocess task (rp_…, administrators) its scope, pages and counts.</summary>
public static class GetTaskFunction
{
    public const string CompletedMeaning = "Completed means the task ran to the end without an error; it does not mean every zone was changed. See the counts per outcome.";
    public const string ListingMeaning = "Listing means a worker is listing the account's zones; the total is known once it has.";

    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/tasks/{taskId}", async Task<Results<Ok<TaskResponse>, Ok<ReprocessTask>, ProblemHttpResult>> (
                string taskId, ClaimsPrincipal caller, MonitoringTaskService tasks, ReprocessService reprocess, CancellationToken cancellationToken) =>
            {
                if (taskId.StartsWith(ReprocessTask.IdPrefix, StringComparison.Ordinal))
                {
                    // Reprocess tasks are the operator's: an account's key does not see them.
                    var run = await reprocess.GetAsync(taskId, cancellationToken);
                    return run is null || !caller.IsAdmin() ? ApiProblems.NotFound("Task", taskId) : TypedResults.Ok(run);
                }

                var view = await tasks.GetAsync(taskId, cancellationToken);
                return view is null || !caller.CanAccessAccount(view.Task.AccountId)
                    ? ApiProblems.NotFound("Task", taskId)
                    : TypedResults.Ok(TaskResponse.From(view));
            })
            .WithName("GetTask")
            .WithSummary("Read a task's progress and outcomes")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}

public sealed record TaskResponse(
    string Id,
    string AccountId,
    TaskKind Kind,
    bool DryRun,
    MonitoringTaskStatus Status,
    string? StatusMeaning,
    int Total,
    int Processed,
    IReadOnlyDictionary<Outcome, int> Counts,
    IReadOnlyDictionary<SkipReason, int> SkipReasons,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? Error,
    IReadOnlyList<ZoneResultResponse> Zones)
{
    public static TaskResponse From(TaskView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var t = view.Task;
        return new TaskResponse(
            t.Id, t.AccountId, t.Kind, t.DryRun, t.Status,
            t.Status switch { MonitoringTaskStatus.Completed => GetTaskFunction.CompletedMeaning, MonitoringTaskStatus.Listing => GetTaskFunction.ListingMeaning, _ => null },
            t.Total, view.Counts.Processed, view.Counts.ByOutcome, view.Counts.BySkipReason, t.CreatedAt, t.CompletedAt, t.Error,
            view.Results.Select(r => new ZoneResultResponse(r.Zone, r.Change.Outcome, r.Change.Reason, r.Change.Detail, r.Change.Before, r.Change.After, r.At)).ToArray());
    }
}

public sealed record ZoneResultResponse(string Zone, Outcome Outcome, SkipReason? Reason, string? Detail, string? Before, string? After, DateTimeOffset At);
