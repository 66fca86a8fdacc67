using Microsoft.AspNetCore.Diagnostics;

namespace Dmarc.Functions.Api;

/// <summary>
/// Unreadable request bodies (malformed JSON, wrong types) become a 400 problem with the reason;
/// a body over its limit becomes a 413 problem, even when body binding wrapped the server's error.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        if (bad.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge)
        {
            bad = tooLarge;
        }

        var isTooLarge = bad.StatusCode == StatusCodes.Status413PayloadTooLarge;
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = isTooLarge ? "The request body is too large." : "The request could not be read.",
                Detail = bad.InnerException is { } inner && !isTooLarge ? $"{bad.Message} {inner.Message}" : bad.Message,
            },
        });
    }
}
