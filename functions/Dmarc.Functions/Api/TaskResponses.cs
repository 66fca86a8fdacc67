using Dmarc.Core.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.Api;

/// <summary>The 202 body of a started task.</summary>
public sealed record TaskAccepted(string TaskId, string StatusUrl, TaskKind Kind, bool DryRun, int Zones);

/// <summary>Maps the start of a task to 202, 409 (another task runs) or 400 (unknown domains).</summary>
public static class TaskResponses
{
    public static Results<Accepted<TaskAccepted>, ValidationProblem, ProblemHttpResult> Started(StartTaskResult result) => result switch
    {
        StartTaskResult.Started s => TypedResults.Accepted(
            $"/api/tasks/{s.Task.Id}",
            new TaskAccepted(s.Task.Id, $"/api/tasks/{s.Task.Id}", s.Task.Kind, s.Task.DryRun, s.Task.Total)),
        StartTaskResult.Busy b => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "A task is already running for this account",
            detail: $"Task {b.RunningTaskId} has not finished; start again when it has (see /api/tasks/{b.RunningTaskId})."),
        StartTaskResult.UnknownDomains u => ApiProblems.Invalid(UnknownDomains(u.Domains)),
        _ => throw new InvalidOperationException("Unknown start result."),
    };

    private static Core.Validation.ValidationErrors UnknownDomains(IReadOnlyList<string> domains)
    {
        var errors = new Core.Validation.ValidationErrors();
        foreach (var domain in domains)
        {
            errors.Add("domains", $"'{domain}' is not a zone of this account.");
        }

        return errors;
    }
}
