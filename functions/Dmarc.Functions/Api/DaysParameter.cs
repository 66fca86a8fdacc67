using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.Api;

/// <summary>The <c>days</c> query parameter of the read endpoints: 1 to a maximum, absent for the default.</summary>
public static class DaysParameter
{
    public static ValidationProblem? Invalid(int? days, int max) =>
        days is null || (days >= 1 && days <= max)
            ? null
            : TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["days"] = [$"'days' must be 1 to {max}."] },
                title: "The request is not valid.",
                detail: "See 'errors' for what to fix in each field.");
}
