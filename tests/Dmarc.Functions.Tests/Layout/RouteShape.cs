using Microsoft.AspNetCore.Routing.Patterns;

namespace Dmarc.Functions.Tests.Layout;

/// <summary>
/// A route template in one canonical text, so a function.json route and an ASP.NET route pattern
/// compare: literals ignore case (both routers match them so), parameter names, constraints,
/// optional and catch-all markers and defaults must be the same.
/// </summary>
public static class RouteShape
{
    public static string Of(string template) => Of(RoutePatternFactory.Parse(template));

    public static string Of(RoutePattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(Part))));
    }

    private static string Part(RoutePatternPart part) => part switch
    {
        RoutePatternLiteralPart literal => literal.Content.ToLowerInvariant(),
        RoutePatternSeparatorPart separator => separator.Content,
        RoutePatternParameterPart parameter => "{"
            + (parameter.IsCatchAll ? "*" : "")
            + parameter.Name
            + string.Concat(parameter.ParameterPolicies.Select(p => ":" + p.Content))
            + (parameter.IsOptional ? "?" : "")
            + (parameter.Default is null ? "" : "=" + parameter.Default)
            + "}",
        _ => throw new NotSupportedException(part.GetType().Name),
    };
}
