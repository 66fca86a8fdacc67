using System.Security.Claims;
using Dmarc.Core.Overview;
using Dmarc.Core.Rollup;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.GetChart;

/// <summary>GET /api/accounts/{accountId}/charts/{name}.png?days=30: one chart of the overview as a PNG (800 x 400).</summary>
public static class GetChartFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/accounts/{accountId}/charts/{chart}", async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> (
                string accountId, string chart, int? days, ClaimsPrincipal caller, OverviewService overviews, IChartRenderer charts, CancellationToken cancellationToken) =>
            {
                if (AccountScope.Deny(caller, accountId) is { } denied)
                {
                    return denied;
                }

                if (!chart.EndsWith(".png", StringComparison.Ordinal) || OverviewCharts.FromSlug(chart[..^4]) is not { } which)
                {
                    return TypedResults.Problem(
                        statusCode: StatusCodes.Status404NotFound,
                        title: "No such chart",
                        detail: $"Charts are {string.Join(", ", Enum.GetValues<OverviewChart>().Select(c => OverviewCharts.Slug(c) + ".png"))}.");
                }

                if (DaysParameter.Invalid(days, OverviewService.MaxDays) is { } invalid)
                {
                    return invalid;
                }

                var overview = await overviews.LastDaysAsync(accountId, days ?? RollupWindow.Days, cancellationToken);
                return TypedResults.File(charts.RenderPng(which, overview, OverviewCharts.DefaultWidth, OverviewCharts.DefaultHeight), "image/png");
            })
            .WithName("GetChart")
            .WithSummary("Render one overview chart as a PNG: disposition, dmarc-status, authentication-failures, enforcement-status or suspicious-countries")
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
