using System.Security.Claims;
using Dmarc.Core.Alerts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.Api;

/// <summary>The caller's account for /api/alerts (the key says which), and the answers the alert endpoints share.</summary>
public static class AlertResponses
{
    /// <summary>The caller's account, or 403 for the admin key, which acts inside no account.</summary>
    public static (string? AccountId, ProblemHttpResult? Problem) Account(ClaimsPrincipal caller, bool change)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsAdmin() || caller.FindFirstValue(CallerClaims.AccountId) is not { Length: > 0 } accountId)
        {
            return (null, AccountScope.AdminNotAllowed());
        }

        return change && AccountScope.DenyUnlessOwner(caller, accountId) is { } denied ? (null, denied) : (accountId, null);
    }

    public static ProblemHttpResult NotInEdition(AlertSubscriptionResult.NotInEdition result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Not in this edition",
            detail: $"The {result.Type} alert is not part of the {result.Current} edition; the {string.Join(" and ", AlertRule.ByType[result.Type].Editions.Order())} edition{(AlertRule.ByType[result.Type].Editions.Count == 1 ? " has" : "s have")} it.");
    }
}

/// <summary>The account's alerts: what it subscribed to, and the smart alerts its edition sends to the owners by itself.</summary>
public sealed record AlertsResponse(IReadOnlyList<AlertSubscription> Subscriptions, IReadOnlyList<SmartAlert> SmartAlerts);
