using System.Security.Claims;
using Dmarc.Core.Onboarding;
using Dmarc.Functions.Api;

namespace Dmarc.Functions.DeclineAccessRequest;

/// <summary>POST /api/access-requests/{id}:decline (an owner): tells the requester no.</summary>
public static class DeclineAccessRequestFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/access-requests/{id}:decline", (string id, ClaimsPrincipal caller, AccessRequestService access, CancellationToken cancellationToken) =>
                AccessDecision.DecideAsync(id, approve: false, caller, access, cancellationToken))
            .WithName("DeclineAccessRequest")
            .WithSummary("Decline an access request (owners)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
