using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Layout;

/// <summary>The route endpoints of one started app, shared by the tests of a class.</summary>
public sealed class AppEndpoints : IAsyncLifetime
{
    private readonly DmarcAppFactory _app = new();

    public IReadOnlyList<RouteEndpoint> All { get; private set; } = [];

    public Task InitializeAsync()
    {
        All = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static string? NameOf(Endpoint endpoint) => endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;

    public static IReadOnlyList<string> MethodsOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal).ToArray() ?? [];
}
