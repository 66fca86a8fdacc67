using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dmarc.Functions.OpenApi;

/// <summary>The document's title and description, its server and the description of its tag.</summary>
public static class DocumentInfo
{
    public static OpenApiOptions AddDocumentInfo(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "DMARC monitoring API";
            document.Info.Description = "Account-scoped API: send 'Authorization: Bearer <key>' or 'x-api-key'. Errors are RFC 9457 problem details.";

            // The paths hold /api: the document describes the host that serves it, whatever its name.
            document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document." }];
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            {
                tag.Description ??= "The HTTP API of the DMARC monitoring function app.";
            }

            return Task.CompletedTask;
        });
    }
}
