using System.Security.Claims;
using Dmarc.Core.Onboarding;
using Dmarc.Functions.Api;

namespace Dmarc.Functions.ApproveAccessRequest;

/// <summary>POST /api/access-requests/{id}:approve (an owner): adds the requester as a member.</summary>
public static class ApproveAccessRequestFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/access-requests/{id}:approve", (string id, ClaimsPrincipal caller, AccessRequestService access, CancellationToken cancellationToken) =>
                AccessDecision.DecideAsync(id, approve: true, caller, access, cancellationToken))
            .WithName("ApproveAccessRequest")
            .WithSummary("Approve an access request (owners)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
