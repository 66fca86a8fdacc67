using Dmarc.Core.Reports;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListQuarantine;

/// <summary>
/// GET /api/quarantine (administrators): inputs that could not be parsed, with the reason.
/// Unparseable input names no domain, so it belongs to no account.
/// </summary>
public static class ListQuarantineFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/quarantine", async Task<Ok<IReadOnlyList<QuarantinedDocument>>> (int? max, IDocumentStore documents, CancellationToken cancellationToken) =>
                TypedResults.Ok(await documents.ListQuarantineAsync(max ?? 100, cancellationToken)))
            .WithMaxParameter(1000)
            .WithName("ListQuarantine")
            .WithSummary("List quarantined inputs (admin key)")
            .RequireAuthorization(CallerClaims.AdminPolicy);
}
