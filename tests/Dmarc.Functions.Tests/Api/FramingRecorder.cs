using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Dmarc.Functions.Tests.Api;

/// <summary>Records how each request body arrived at the app: its Content-Length or its Transfer-Encoding.</summary>
public sealed class FramingRecorder : IStartupFilter
{
    public ConcurrentQueue<(string Path, long? ContentLength, string TransferEncoding)> Requests { get; } = new();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            Requests.Enqueue((context.Request.Path.Value ?? "", context.Request.ContentLength, context.Request.Headers.TransferEncoding.ToString()));
            return nextMiddleware(context);
        });
        next(app);
    };
}
