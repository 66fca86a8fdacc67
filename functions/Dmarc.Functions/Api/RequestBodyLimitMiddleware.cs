using Dmarc.Functions.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Dmarc.Functions.Api;

/// <summary>
/// Applies the endpoint's <see cref="RequestBodyLimit"/> (or the default) to the bytes actually read:
/// the server's own limit where it has one (Kestrel then counts chunked bodies too), and a counting
/// stream that holds under any server. Trigger endpoints, which carry blob content from the
/// Functions host, keep the server's limits.
/// </summary>
public static class RequestBodyLimitMiddleware
{
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (endpoint is null || endpoint.Metadata.GetMetadata<TriggerFunctionMetadata>() is not null)
            {
                await next(context);
                return;
            }

            var limit = endpoint.Metadata.GetMetadata<RequestBodyLimit>()?.MaxBytes ?? RequestBodyLimit.DefaultMaxBytes;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
            {
                server.MaxRequestBodySize = limit;
            }

            var body = context.Request.Body;
            var counted = new BodyLimitStream(body, limit);
            context.Request.Body = counted;
            try
            {
                await next(context);
            }
            finally
            {
                context.Request.Body = body;
            }

            // Body binding answers a bare status for a body it could not read; say why instead.
            if (counted.Exceeded && !context.Response.HasStarted)
            {
                throw BodyLimitStream.TooLarge(limit);
            }
        });
}
