using Dmarc.Core.Storage;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListPoisonMessages;

/// <summary>GET /api/operator/poison-messages (administrators): queue messages the host gave up on, each with why its last attempt failed.</summary>
public static class ListPoisonMessagesFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/operator/poison-messages", async Task<Ok<IReadOnlyList<PoisonMessage>>> (IPoisonMessages poison, CancellationToken cancellationToken) =>
                TypedResults.Ok(await poison.ListAsync(cancellationToken)))
            .WithName("ListPoisonMessages")
            .WithSummary("List poison queue messages with their reasons (admin key)")
            .RequireAuthorization(CallerClaims.AdminPolicy);
}
