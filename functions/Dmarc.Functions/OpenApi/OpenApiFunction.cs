namespace Dmarc.Functions.OpenApi;

/// <summary>GET /api/openapi.json: the OpenAPI document of the HTTP API.</summary>
public static class OpenApiFunction
{
    public const string Route = "/api/openapi.json";

    public static void Map(IEndpointRouteBuilder app) => app.MapOpenApi(Route).WithName("OpenApi").AllowAnonymous();
}
