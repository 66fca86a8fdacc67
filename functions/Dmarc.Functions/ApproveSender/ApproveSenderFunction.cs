using System.Security.Claims;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Senders;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ApproveSender;

/// <summary>POST /api/domains/{domain}/senders/{senderId}:approve[?days=30&amp;to=yyyy-MM-dd]: the owner approves a sender seen in the window.</summary>
public static class ApproveSenderFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/domains/{domain}/senders/{senderId}:approve", (
                string domain, string senderId, int? days, DateOnly? to, bool? dryRun, ClaimsPrincipal caller, IMonitoredDomains monitored, DomainSendersService senders, CancellationToken cancellationToken) =>
                DomainSendersScope.DecideAsync(caller, monitored, senders, domain, senderId, days, to, dryRun, SenderDecision.Approved, cancellationToken))
            .WithName("ApproveSender")
            .WithSummary("Approve a sender of a domain (an enabled sender); a hosted server needs aligned SPF or DKIM passes first")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
