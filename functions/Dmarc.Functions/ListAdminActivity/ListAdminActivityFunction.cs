using Dmarc.Core.Audit;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListAdminActivity;

/// <summary>GET /api/admin/activity[?max=] (the admin key): every call made with the admin key, newest first.</summary>
public static class ListAdminActivityFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/admin/activity", async Task<Ok<IReadOnlyList<ActivityEntry>>> (int? max, IActivityLog activity, CancellationToken cancellationToken) =>
                TypedResults.Ok(await activity.ListAdminAsync(Math.Clamp(max ?? 100, 1, 1000), cancellationToken)))
            .WithName("ListAdminActivity")
            .RequireAuthorization(CallerClaims.AdminPolicy);
}
