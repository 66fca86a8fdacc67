using System.Security.Claims;
using Dmarc.Core.Notifications;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListNotifications;

/// <summary>GET /api/accounts/{accountId}/notifications[?max=]: the account's notification centre, newest first.</summary>
public static class ListNotificationsFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/accounts/{accountId}/notifications", async Task<Results<Ok<IReadOnlyList<Notification>>, ProblemHttpResult>> (
                string accountId, int? max, ClaimsPrincipal caller, INotificationStore notifications, CancellationToken cancellationToken) =>
                AccountScope.Deny(caller, accountId) is { } denied
                    ? denied
                    : TypedResults.Ok(await notifications.ListAsync(accountId, max ?? 50, cancellationToken)))
            .WithMaxParameter(500)
            .WithName("ListNotifications")
            .WithSummary("List the account's notifications")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
