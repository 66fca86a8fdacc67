using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Dmarc.Functions.OpenApi;

/// <summary>
/// Declares in the OpenAPI document the problem responses that the request pipeline gives before a
/// handler runs, from each endpoint's own metadata so they cannot drift from it: 401 for an
/// endpoint that needs a key; 403 for an administrator's endpoint called with an account key; 400
/// for a body or query value that cannot be read, and for a {domain}, {zone} or {email} in the path
/// that cannot be one (<see cref="Api.RouteValuesFilter"/>); 413 for a body over the limit; 415 for a JSON
/// body of another content type; 500 for a failure the handler did not expect (the exception
/// handler's problem with a trace id). A 400 is a validation problem: its <c>errors</c> name the
/// field at fault when there is one. What a handler answers itself is declared with the endpoint.
/// Every error therefore has a problem schema, so a generated client (Kiota) gets a typed error.
/// </summary>
public static class PipelineResponses
{
    public const string ProblemJson = "application/problem+json";

    public static TBuilder WithPipelineResponses<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            var metadata = endpoint.Metadata;
            var declared = metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.StatusCode).ToHashSet();
            void Add(int status)
            {
                if (declared.Add(status))
                {
                    var type = status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
                    metadata.Add(new ProducesResponseTypeMetadata(status, type, [ProblemJson]));
                }
            }

            var body = metadata.OfType<IAcceptsMetadata>().FirstOrDefault();
            var parsedParameter = metadata.OfType<IParameterBindingMetadata>()
                .Any(p => p.ParameterInfo.ParameterType != typeof(string) && (p.HasTryParse || p.HasBindAsync));
            var checkedRouteValue = endpoint is RouteEndpointBuilder route
                && route.RoutePattern.Parameters.Any(p => Api.RouteValuesFilter.Checked.Contains(p.Name));
            if (body is not null || parsedParameter || checkedRouteValue)
            {
                Add(StatusCodes.Status400BadRequest);
            }

            if (NeedsKey(metadata))
            {
                Add(StatusCodes.Status401Unauthorized);
                if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy == Api.CallerClaims.AdminPolicy))
                {
                    Add(StatusCodes.Status403Forbidden);
                }
            }

            if (body is not null)
            {
                Add(StatusCodes.Status413PayloadTooLarge);
                if (body.ContentTypes.Any(t => t.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)))
                {
                    Add(StatusCodes.Status415UnsupportedMediaType);
                }
            }

            Add(StatusCodes.Status500InternalServerError);
        });
        return builder;
    }

    /// <summary>True when the endpoint requires authorization and does not allow anonymous callers.</summary>
    public static bool NeedsKey(IEnumerable<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
}
