using Dmarc.Core.Audit;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListAdminActivity;

/// <summary>
/// GET /api/operator/activity[?max=] (the admin key): every call made with the admin key, newest first.
/// Not under admin/: the Functions host keeps routes starting with "admin" for its own API and refuses such a function.
/// </summary>
public static class ListAdminActivityFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/operator/activity", async Task<Ok<IReadOnlyList<ActivityEntry>>> (int? max, IActivityLog activity, CancellationToken cancellationToken) =>
                TypedResults.Ok(await activity.ListAdminAsync(max ?? 100, cancellationToken)))
            .WithMaxParameter(1000)
            .WithName("ListAdminActivity")
            .WithSummary("List the admin key's activity log")
            .RequireAuthorization(CallerClaims.AdminPolicy);
}
