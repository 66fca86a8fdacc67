using Dmarc.Functions.LocalRunner;

namespace Dmarc.Functions.Hosting;

public static class CustomHandlerHosting
{
    /// <summary>
    /// Under the Functions host, listen on 127.0.0.1:FUNCTIONS_CUSTOMHANDLER_PORT; otherwise the
    /// configured URLs apply (http://127.0.0.1:7071 by default, like 'func start').
    /// </summary>
    public static WebApplicationBuilder UseCustomHandlerPort(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var port = builder.Configuration[LocalRunnerSetup.CustomHandlerPortVariable];
        if (!string.IsNullOrEmpty(port))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        return builder;
    }
}
