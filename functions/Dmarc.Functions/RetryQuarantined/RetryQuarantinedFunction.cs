using Dmarc.Core.Reports;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.RetryQuarantined;

/// <summary>POST /api/quarantine/{id}:retry (administrators): puts the document back into inbound to be ingested again.</summary>
public static class RetryQuarantinedFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/quarantine/{id}:retry", async Task<Results<Accepted, ProblemHttpResult>> (string id, IDocumentStore documents, CancellationToken cancellationToken) =>
                await documents.RetryQuarantinedAsync(id, cancellationToken) ? TypedResults.Accepted((string?)null) : ApiProblems.NotFound("Quarantined document", id))
            .WithName("RetryQuarantined")
            .WithSummary("Retry a quarantined input (admin key)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.AdminPolicy);
}
