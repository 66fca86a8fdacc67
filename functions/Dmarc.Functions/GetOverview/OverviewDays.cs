using Dmarc.Core.Overview;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.GetOverview;

/// <summary>The <c>days</c> of the overview and chart endpoints: 1 to <see cref="OverviewService.MaxDays"/>, 30 when absent.</summary>
public static class OverviewDays
{
    public static ValidationProblem? Invalid(int? days) =>
        days is null or (>= 1 and <= OverviewService.MaxDays)
            ? null
            : TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["days"] = [$"'days' must be 1 to {OverviewService.MaxDays}."] },
                title: "The request is not valid.",
                detail: "See 'errors' for what to fix in each field.");
}
