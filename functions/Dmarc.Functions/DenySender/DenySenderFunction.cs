using System.Security.Claims;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Senders;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.DenySender;

/// <summary>POST /api/domains/{domain}/senders/{senderId}:deny[?days=30&amp;to=yyyy-MM-dd]: the owner denys a sender seen in the window.</summary>
public static class DenySenderFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/domains/{domain}/senders/{senderId}:deny", (
                string domain, string senderId, int? days, DateOnly? to, bool? dryRun, ClaimsPrincipal caller, IMonitoredDomains monitored, DomainSendersService senders, CancellationToken cancellationToken) =>
                DomainSendersScope.DecideAsync(caller, monitored, senders, domain, senderId, days, to, dryRun, SenderDecision.Denied, cancellationToken))
            .WithName("DenySender")
            .WithSummary("Deny a sender of a domain")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
