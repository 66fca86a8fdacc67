using System.Text.Json;
using Dmarc.Functions.Hosting;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Layout;

/// <summary>
/// Every HTTP function reaches its handler the way the Functions host forwards it: the host
/// forwards the original request (enableForwardingHttpRequest) only for a function with exactly
/// one httpTrigger in and one http out, at routePrefix + route, for the listed methods; anything
/// else arrives as the JSON invocation envelope, which the /api handlers do not read.
/// </summary>
public sealed class HttpForwardingTests(AppEndpoints app) : IClassFixture<AppEndpoints>
{
    private static readonly IReadOnlyList<FunctionJsonFile> HttpFunctions = FunctionJsonFile.LoadHttp();

    [Fact]
    public void Every_http_function_has_one_httpTrigger_in_and_one_http_out_and_nothing_else_with_its_route_and_methods()
    {
        Assert.NotEmpty(HttpFunctions);
        Assert.All(HttpFunctions, f =>
        {
            Assert.True(f.Bindings.Count == 2, $"{f.Name}: {f.Bindings.Count} bindings; the host forwards the request only with exactly an httpTrigger in and an http out");
            Assert.True(f.Bindings.Count(b => b.Is("httpTrigger", "in")) == 1, $"{f.Name}: no httpTrigger binding with direction 'in'");
            Assert.True(f.Bindings.Count(b => b.Is("http", "out")) == 1, $"{f.Name}: no http binding with direction 'out'");
            Assert.False(string.IsNullOrWhiteSpace(f.HttpTrigger.Route), $"{f.Name}: no route (the host would serve it at /{HostRoutePrefix()}/{f.Name})");
            Assert.NotEmpty(f.HttpTrigger.Methods);
        });
    }

    [Fact]
    public void No_route_is_in_the_route_space_the_host_keeps_for_itself()
    {
        // The host refuses a function whose route, before the prefix, starts with "admin" or
        // "runtime" ("The specified route conflicts with one or more built in routes").
        Assert.All(HttpFunctions, f =>
        {
            var route = f.HttpTrigger.Route!.Trim('/').ToLowerInvariant();
            Assert.False(route.StartsWith("admin", StringComparison.Ordinal) || route.StartsWith("runtime", StringComparison.Ordinal),
                $"{f.Name}: the route '{f.HttpTrigger.Route}' is reserved by the Functions host");
        });
    }

    [Fact]
    public void No_two_http_functions_share_a_route_and_a_method()
    {
        var pairs = HttpFunctions.SelectMany(f => f.HttpTrigger.Methods.Select(m => (Key: m + " " + RouteShape.Of(f.HttpTrigger.Route!), f.Name)));

        Assert.Empty(pairs.GroupBy(p => p.Key).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(p => p.Name))}"));
    }

    [Fact]
    public void The_route_prefix_of_host_json_is_the_apps_api_prefix()
    {
        Assert.Equal(FunctionEndpoints.ApiPrefix, "/" + HostRoutePrefix());
    }

    [Fact]
    public void Every_http_function_matches_exactly_one_endpoint_named_for_it_with_the_same_route_and_methods()
    {
        Assert.All(HttpFunctions, f =>
        {
            var route = RouteShape.Of(HostRoutePrefix() + "/" + f.HttpTrigger.Route!.Trim('/'));
            var methods = f.HttpTrigger.Methods.Order(StringComparer.Ordinal).ToArray();
            var matching = app.All.Where(e => RouteShape.Of(e.RoutePattern) == route && AppEndpoints.MethodsOf(e).Intersect(methods).Any()).ToArray();

            var endpoint = Assert.Single(matching);
            Assert.True(AppEndpoints.NameOf(endpoint) == f.Name, $"{f.Name}: {route} is served by the endpoint named '{AppEndpoints.NameOf(endpoint)}'");
            Assert.True(methods.SequenceEqual(AppEndpoints.MethodsOf(endpoint)), $"{f.Name}: function.json allows {string.Join(",", methods)}, the endpoint {string.Join(",", AppEndpoints.MethodsOf(endpoint))}");
        });
    }

    [Fact]
    public void Every_api_endpoint_of_the_app_has_its_http_function_json()
    {
        var prefix = FunctionEndpoints.ApiPrefix + "/";
        var apiEndpoints = app.All.Where(e => RouteShape.Of(e.RoutePattern).StartsWith(prefix, StringComparison.Ordinal)).ToArray();

        Assert.NotEmpty(apiEndpoints);
        Assert.All(apiEndpoints, e =>
        {
            var name = AppEndpoints.NameOf(e);
            Assert.True(name is not null, $"{e.RoutePattern.RawText} has no .WithName(\"<FunctionName>\")");
            Assert.True(HttpFunctions.Any(f => f.Name == name), $"{e.RoutePattern.RawText} ({name}) has no {name}/function.json with an HTTP trigger; the host would never forward it");
        });
    }

    /// <summary>host.json extensions.http.routePrefix; the host's default is "api".</summary>
    private static string HostRoutePrefix()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")));
        return host.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
                ? prefix.GetString()!.Trim('/')
                : "api";
    }
}
