using Dmarc.Functions.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dmarc.Functions.OpenApi;

/// <summary>
/// The API key in the OpenAPI document: two security schemes, <c>Authorization: Bearer &lt;key&gt;</c>
/// and the <c>x-api-key</c> header (either one will do), required on every operation that needs a
/// key and explicitly absent (<c>security: []</c>) on the anonymous ones.
/// </summary>
public static class ApiKeySecurity
{
    public const string BearerScheme = "bearerKey";
    public const string HeaderScheme = "apiKeyHeader";

    public static OpenApiOptions AddApiKeySecurity(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An account API key (or the admin key) as 'Authorization: Bearer <key>'.",
            };
            document.Components.SecuritySchemes[HeaderScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.ApiKeyHeader,
                Description = "The same key in the x-api-key header.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            operation.Security = PipelineResponses.NeedsKey(context.Description.ActionDescriptor.EndpointMetadata)
                ?
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, context.Document)] = [] },
                ]
                : [];
            return Task.CompletedTask;
        });
        return options;
    }
}
