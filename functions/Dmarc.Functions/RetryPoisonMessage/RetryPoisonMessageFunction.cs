using Dmarc.Core.Storage;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.RetryPoisonMessage;

/// <summary>POST /api/operator/poison-messages/{queue}/{id}:retry (administrators): puts the message back on its queue, for its function to try again.</summary>
public static class RetryPoisonMessageFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/operator/poison-messages/{queue}/{id}:retry", async Task<Results<Accepted, ProblemHttpResult>> (string queue, string id, IPoisonMessages poison, CancellationToken cancellationToken) =>
                await poison.RetryAsync(queue, id, cancellationToken) ? TypedResults.Accepted((string?)null) : ApiProblems.NotFound("Poison message", $"{queue}/{id}"))
            .WithName("RetryPoisonMessage")
            .WithSummary("Put a poison message back on its queue (admin key)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.AdminPolicy);
}
