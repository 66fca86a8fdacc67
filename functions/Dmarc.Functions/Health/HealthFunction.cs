using Dmarc.Core.Health;

namespace Dmarc.Functions.Health;

/// <summary>GET /api/health: 200 when Blob, Table and Queue storage answer, 503 otherwise.</summary>
public static class HealthFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/health", async (HealthService health, CancellationToken cancellationToken) =>
            {
                var report = await health.CheckAsync(cancellationToken);
                var body = new HealthResponse(report.Healthy ? "Healthy" : "Unhealthy", report.Components);
                return TypedResults.Json(body, statusCode: report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            })
            .WithName("Health")
            .WithSummary("Check that storage answers")
            .Produces<HealthResponse>()
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous();
}

public sealed record HealthResponse(string Status, IReadOnlyList<ComponentHealth> Components);
